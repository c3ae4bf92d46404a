// A fix for one service must not change another behind the user's back. An edit inside an anchored
// node that aliases use elsewhere (`networks: &front` in one service, `networks: *front` in another)
// changes every service that uses it: such a fix says so in its title and is never the one "fix all"
// applies. An edit that would remove an anchor its aliases still need is no fix at all.
import { isMap } from '../../compose/nodes';
import type { SharedAnchor } from '../../compose/nodes';
import type { ComposeProject } from '../../compose/project';
import type { Loc } from '../../compose/source';
import { withChangedFixes } from './lazyFixes';
import { some } from './listLimits';
import type { Finding, Fix, TextEdit } from '../types';

interface AnchorUse {
  anchor: SharedAnchor;
  /** The services whose definitions read the anchored text: where it is written, where it is aliased, through other anchors too. */
  services: Set<string>;
}

const usesByProject = new WeakMap<ComposeProject, Map<string, AnchorUse[]>>();

/** Each service's own entry under `services:` in a file, as spans. */
function serviceSpans(project: ComposeProject, file: string): Array<{ name: string; start: number; end: number }> {
  const root = project.fileTrees.get(file);
  const services = isMap(root) ? root.pairs.get('services')?.value : undefined;
  if (!isMap(services)) return [];
  return [...services.pairs.values()].filter((p) => p.keyLoc.file === file).map((p) => ({ name: p.key, start: p.keyLoc.start, end: Math.max(p.keyLoc.end, p.value.loc.file === file ? p.value.loc.end : 0) }));
}

const holds = (outer: { start: number; end: number }, inner: Loc) => inner.start >= outer.start && inner.end <= outer.end;

function usesOf(project: ComposeProject): Map<string, AnchorUse[]> {
  let uses = usesByProject.get(project);
  if (uses) return uses;
  uses = new Map();
  for (const [file, anchors] of project.sharedAnchors) {
    const spans = serviceSpans(project, file);
    const servicesAt = (loc: Loc) => spans.filter((s) => holds(s, loc)).map((s) => s.name);
    const memo = new Map<SharedAnchor, Set<string>>();
    const readers = (anchor: SharedAnchor, depth: number): Set<string> => {
      const known = memo.get(anchor);
      if (known) return known;
      const out = new Set(servicesAt(anchor.loc));
      // Aliases can only name anchors written before them, so this ends; the depth bound is for safety alone.
      for (const alias of depth < 64 ? anchor.aliases : []) {
        for (const s of servicesAt(alias)) out.add(s);
        for (const outer of anchors) if (outer !== anchor && holds(outer.loc, alias)) for (const s of readers(outer, depth + 1)) out.add(s);
      }
      memo.set(anchor, out);
      return out;
    };
    uses.set(file, anchors.map((anchor) => ({ anchor, services: readers(anchor, 0) })));
  }
  usesByProject.set(project, uses);
  return uses;
}

/** How an edit meets an anchored node: inside it (changing its users), over it (removing it), or not at all. */
function meeting(project: ComposeProject, anchor: SharedAnchor, edit: TextEdit): 'inside' | 'over' | undefined {
  const { start, end } = anchor.loc;
  const e = edit.loc;
  if (e.end < start || e.start > end) return undefined;
  if (e.start === e.end && (e.start === start || e.start === end)) {
    // An insertion at a block collection's end is part of it when it is indented as deep as its entries.
    if (e.start === start || !anchor.block) return undefined;
    const file = project.sources.get(e.file);
    const column = file ? start - file.lineStartOf(start) : 0;
    const indent = /^(?:\r?\n)?( *)/.exec(edit.newText)?.[1].length ?? 0;
    return indent >= column ? 'inside' : undefined;
  }
  if (e.start >= start && e.end <= end) return 'inside';
  if (e.start <= start && e.end >= end) return 'over';
  // Partly inside, partly out: it changes the anchored text.
  return e.end > start && e.start < end ? 'inside' : undefined;
}

function guardFix(project: ComposeProject, concerned: Set<string>, fix: Fix): Fix | undefined {
  const uses = usesOf(project);
  const others = new Set<string>();
  const names = new Set<string>();
  for (const edit of fix.edits) {
    for (const use of uses.get(edit.loc.file) ?? []) {
      const how = meeting(project, use.anchor, edit);
      if (how === 'over') return undefined;
      if (how !== 'inside') continue;
      const changed = [...use.services].filter((s) => !concerned.has(s));
      if (changed.length === 0) continue;
      for (const s of changed) others.add(s);
      names.add(use.anchor.name);
    }
  }
  if (others.size === 0) return fix;
  const anchors = [...names].map((n) => `\`&${n}\``).join(', ');
  return { ...fix, title: `${fix.title} — also changes ${some([...others].map((s) => `\`${s}\``))} (shared anchor ${anchors})`, preferred: false };
}

/** The findings with every fix that edits a shared anchor said to (or dropped when it would remove one its aliases need). */
export function guardSharedAnchors(project: ComposeProject, findings: Finding[]): Finding[] {
  if (project.sharedAnchors.size === 0) return findings;
  return findings.map((f) => {
    const concerned = new Set([...(f.services ?? []), ...(f.service ? [f.service] : [])]);
    return withChangedFixes(f, (fixes) => fixes.map((fix) => guardFix(project, concerned, fix)).filter((x): x is Fix => x !== undefined));
  });
}
