// Completion: network names in a service's `networks:`, service names in `depends_on`, `links`
// and `network_mode: service:`, and the peers reachable from this service inside URL values.
import { CompletionItemKind, type CompletionItem, type CompletionList, type Position } from 'vscode-languageserver';
import { get, isMap } from '../compose/nodes';
import { DEFAULT_BRIDGE, type NetworkModel } from '../network/types';
import { schemePort } from '../network/wellKnown';
import type { Analysis } from '../analysis';
import { yamlContextAt, type YamlContext } from '../lsp/yamlContext';
import { some } from '../rules/support/listLimits';

/**
 * Items answered at most: a 5,000-service project would send every service (a megabyte) on each
 * request. Past it the list says it is incomplete, so the editor asks again as the user types.
 */
export const MAX_COMPLETION_ITEMS = 100;

const URL_HOST = /([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:[^\s/@]*@)?([A-Za-z0-9_.-]*)$/;

export function completion(analysis: Analysis, text: string, offset: number, position: Position): CompletionItem[] | CompletionList {
  const ctx = yamlContextAt(text, offset);
  const word = /[A-Za-z0-9_.-]*$/.exec(ctx.valueBefore)?.[0] ?? '';
  const candidates = itemsAt(analysis, ctx, word, position);
  return Array.isArray(candidates) ? bounded(candidates, word) : candidates.answer;
}

/** Order by UTF-16 code units: names are ASCII, and a collator costs a locale load and far more per comparison. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An item to offer, made only when it is among those answered (a large project has thousands). */
interface Candidate {
  label: string;
  sortText?: string;
  make: () => CompletionItem;
}

/** All items, or the best `MAX_COMPLETION_ITEMS` for the word typed so far: those starting with it, then those holding it. */
function bounded(candidates: Candidate[], word: string): CompletionItem[] | CompletionList {
  if (candidates.length <= MAX_COMPLETION_ITEMS) return candidates.map((c) => c.make());
  const typed = word.toLowerCase();
  const rank = (c: Candidate) => {
    const label = c.label.toLowerCase();
    return label.startsWith(typed) ? 0 : label.includes(typed) ? 1 : 2;
  };
  const ranked = candidates.map((candidate, index) => ({ key: candidate.sortText ?? candidate.label, candidate, index, rank: rank(candidate) })).filter((r) => r.rank < 2);
  const kept = smallest(ranked, MAX_COMPLETION_ITEMS, (a, b) => a.rank - b.rank || byCodeUnits(a.key, b.key) || a.index - b.index).map((r) => r.candidate.make());
  return { isIncomplete: true, items: kept };
}

/** The `k` smallest of `items` in order, as a sort then a slice would give them (`order` must tell every two apart); one comparison for most items. */
function smallest<T>(items: readonly T[], k: number, order: (a: T, b: T) => number): T[] {
  const top: T[] = [];
  for (const item of items) {
    if (top.length === k && order(item, top[k - 1]) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order(top[mid], item) < 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, item);
    if (top.length > k) top.pop();
  }
  return top;
}

type MakeItem = (label: string, kind: CompletionItemKind, detail: string | (() => string), insert?: string, sortText?: string) => Candidate;

function itemsAt(analysis: Analysis, ctx: YamlContext, word: string, position: Position): Candidate[] | Picked {
  const model = analysis.model;
  const service = ctx.path[0] === 'services' && ctx.path.length >= 2 ? ctx.path[1] : undefined;
  const range = { start: { line: position.line, character: position.character - word.length }, end: position };
  const item: MakeItem = (label, kind, detail, insert = label, sortText) => ({ label, sortText, make: () => ({ label, kind, detail: typeof detail === 'string' ? detail : detail(), textEdit: { range, newText: insert }, sortText, filterText: label }) });

  if (service) {
    const url = URL_HOST.exec(ctx.valueBefore);
    if (url) return peerItems(model, service, url[1].toLowerCase(), item);
    // `DB_HOST: |` (or `- DB_HOST=|`): the peers by name, without a port.
    const hostVar = ctx.path[2] === 'environment' && /(?:^|_)(HOST|HOSTNAME|SERVER|ADDR|ADDRESS)$/i.test(ctx.lineKey ?? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(ctx.valueBefore)?.[1] ?? '');
    if (hostVar) {
      return peerItems(model, service, undefined, item).map((c) => {
        const label = c.label.split(':')[0];
        return { label, sortText: c.sortText, make: () => ({ ...c.make(), label, textEdit: { range, newText: label }, filterText: label }) };
      });
    }
    const section = ctx.path.length === 3 ? ctx.path[2] : ctx.path.length === 2 ? ctx.lineKey : undefined;
    if (ctx.path.length === 2 && ctx.lineKey === 'network_mode') {
      if (ctx.valueBefore.startsWith('service:')) return serviceCandidates(model, (s) => s !== service, word, (s) => item(s, CompletionItemKind.Module, 'service: share its network namespace'));
      const modes: Array<[string, string]> = [['bridge', 'the default bridge (no DNS)'], ['host', "the host's network stack"], ['none', 'no network']];
      return [...modes.map(([m, d]) => item(m, CompletionItemKind.EnumMember, d)), ...otherServices(model, service).map((s) => item(`service:${s}`, CompletionItemKind.EnumMember, `share ${s}'s network namespace`))];
    }
    if (ctx.path.length === 3 && section === 'networks' && ctx.lineKey === undefined) {
      const attached = new Set(model.services.get(service)?.attachments.map((a) => a.network));
      const keys = [...model.networks.keys()].filter((k) => k !== DEFAULT_BRIDGE);
      if (!keys.includes('default')) keys.push('default');
      return keys.filter((k) => !attached.has(k) || k === word).map((k) => {
        const net = model.networks.get(k);
        return item(k, CompletionItemKind.Interface, net ? `network · ${net.driver}${net.members.length ? ` · ${some(net.members)}` : ''}` : 'network · the project default');
      });
    }
    if (ctx.path.length === 3 && (section === 'depends_on' || section === 'links') && ctx.lineKey === undefined) {
      // Names already listed are left out (the word being typed may be one of them, half-written).
      const listed = new Set(section === 'depends_on' ? dependencies(model, service) : model.services.get(service)?.links.map((l) => l.target));
      return serviceCandidates(model, (s) => s !== service && (!listed.has(s) || s === word), word, (s) => item(s, CompletionItemKind.Module, () => `service${model.services.get(s)?.image ? ` · ${model.services.get(s)?.image}` : ''}`));
    }
  }
  return [];
}

/** The services `service` lists in `depends_on` (the merged, normalised form is a mapping). */
function dependencies(model: NetworkModel, service: string): string[] {
  const node = get(model.services.get(service)?.def.node, 'depends_on');
  return isMap(node) ? [...node.pairs.keys()] : [];
}

function otherServices(model: NetworkModel, service: string): string[] {
  return [...model.services.keys()].filter((s) => s !== service);
}

/** An answer already bounded: what `bounded` would give for the same candidates. */
interface Picked {
  answer: CompletionItem[] | CompletionList;
}

interface SortedNames {
  names: string[];
  lower: string[];
  set: Set<string>;
}

/** A model's service names in code-unit order, with their lower-case forms: sorted once per model, not per request. */
const sortedNames = new WeakMap<NetworkModel, SortedNames>();
/** The last names sorted: an edit that renames no service (nearly all) gives the next model the same names, not sorted again. */
let lastSorted: SortedNames | undefined;

/**
 * Readies what the first completion after an analysis reads (the service names in order), once its diagnostics are
 * sent: after an edit that renames nothing, a check of the names against the last model's, no sort.
 */
export function prepareCompletion(analysis: Analysis): void {
  if (analysis.model.services.size > MAX_COMPLETION_ITEMS) servicesInOrder(analysis.model);
}

/** The service names of `model` in code-unit order (built once per model, reused while the names stay the same). */
export function servicesInOrder(model: NetworkModel): { names: readonly string[]; lower: readonly string[] } {
  let sorted = sortedNames.get(model);
  if (!sorted) {
    const previous = lastSorted;
    if (previous && previous.names.length === model.services.size && everyKeyIn(model.services, previous.set)) sorted = previous;
    else {
      const names = [...model.services.keys()].sort(byCodeUnits);
      sorted = { names, lower: names.map((n) => n.toLowerCase()), set: new Set(names) };
    }
    sortedNames.set(model, sorted);
    lastSorted = sorted;
  }
  return sorted;
}

function everyKeyIn(map: ReadonlyMap<string, unknown>, set: ReadonlySet<string>): boolean {
  for (const key of map.keys()) if (!set.has(key)) return false;
  return true;
}

/**
 * Service names as candidates, those `keep` accepts: the whole list in the model's order when it is short
 * (as `bounded` answers it), else the best `MAX_COMPLETION_ITEMS` read from the names kept in order (those
 * starting with the word, then those holding it, each by name): no sort, and no item for every service, per request.
 */
function serviceCandidates(model: NetworkModel, keep: (name: string) => boolean, word: string, make: (name: string) => Candidate): Candidate[] | Picked {
  if (model.services.size <= MAX_COMPLETION_ITEMS) return [...model.services.keys()].filter(keep).map(make);
  const { names, lower } = servicesInOrder(model);
  let kept = 0;
  for (const name of names) if (keep(name) && ++kept > MAX_COMPLETION_ITEMS) break;
  if (kept <= MAX_COMPLETION_ITEMS) return [...model.services.keys()].filter(keep).map(make);
  const typed = word.toLowerCase();
  const picked: CompletionItem[] = [];
  for (const rank of [0, 1]) {
    for (let i = 0; i < names.length && picked.length < MAX_COMPLETION_ITEMS; i++) {
      const starts = lower[i].startsWith(typed);
      if ((rank === 0 ? starts : !starts && lower[i].includes(typed)) && keep(names[i])) picked.push(make(names[i]).make());
    }
  }
  return { answer: { isIncomplete: true, items: picked } };
}

/** Services reachable by name from `service`, each with the container port to use. */
function peerItems(model: NetworkModel, service: string, scheme: string | undefined, item: MakeItem): Candidate[] {
  const wanted = schemePort(scheme);
  const out: Candidate[] = [];
  for (const peer of model.services.values()) {
    if (peer.name === service || !peer.active) continue;
    const res = model.resolve(service, peer.name);
    if (res.kind !== 'service' || res.target !== peer.name) continue;
    const ports = [...peer.listens.keys()];
    const port = wanted !== undefined && ports.includes(wanted) ? wanted : ports[0];
    const over = res.network ? ` over ${res.network}` : '';
    const label = port !== undefined ? `${peer.name}:${port}` : peer.name;
    const matches = wanted !== undefined && port === wanted;
    out.push(item(label, CompletionItemKind.Reference, `${port !== undefined ? `container port ${port}` : 'no known port'}${over}`, label, `${matches ? '0' : '1'}${peer.name}`));
  }
  return out;
}
