// localhost-peer: a service reaches another one through `localhost`, which inside a container
// is that container alone (fact 1), unless they share a namespace (fact 2) or the caller runs
// on the host's network and the peer publishes the port there (fact 3).
import { isLoopbackHost } from '../network/addresses';
import { reachability } from '../network/reachability';
import type { NetworkModel, PortAnswer, Reference, ServiceInfo } from '../network/types';
import { imageFamily, isDatabaseImage, PREFIX_FAMILIES } from '../network/wellKnown';
import { mayFix } from './support/connectionSeverity';
import { ruleDocs } from './support/ruleDocs';
import { writtenIn } from './support/writtenIn';
import { replaceText } from './support/textEdits';
import { withLazyFixes } from './support/lazyFixes';
import type { Finding, Fix, Rule, Severity } from './types';

const ID = 'localhost-peer';
/** Peers named (related information and fixes) in one finding, at most. */
const MAX_PEERS = 8;

/** The first `max` candidates other than `from` (and its namespace) that `keep` accepts. */
function peersOn(candidates: readonly PortAnswer[], from: ServiceInfo, keep: (p: PortAnswer) => boolean, max: number): PortAnswer[] {
  const out: PortAnswer[] = [];
  for (const p of candidates) {
    // Candidates own their namespace, so `namespaceOwner === from.namespaceOwner` is `name === from.namespaceOwner`.
    if (p.service.name === from.name || p.service.name === from.namespaceOwner || !keep(p)) continue;
    out.push(p);
    if (out.length >= max) break;
  }
  return out;
}

/** Peers a port-less `*_HOST=localhost` speaks of, by its prefix (`REDIS_HOST` → a redis service). */
function peersByPrefix(model: NetworkModel, from: ServiceInfo, envKey: string): ServiceInfo[] {
  const prefix = envKey.toUpperCase().replace(/_?(HOST|HOSTNAME|SERVER|ADDR|ADDRESS)$/, '');
  if (!prefix) return [];
  const families = PREFIX_FAMILIES[prefix] ?? PREFIX_FAMILIES[prefix.split('_').pop() as string] ?? [];
  const word = prefix.toLowerCase();
  return [...model.services.values()].filter((svc) => {
    if (svc.name === from.name || !svc.active || svc.namespaceOwner === from.namespaceOwner) return false;
    const family = imageFamily(svc.image);
    if (family && families.includes(family)) return true;
    if ((word === 'db' || word === 'database') && isDatabaseImage(svc.image)) return true;
    return svc.name.toLowerCase() === word || svc.name.toLowerCase().replace(/[-_]/g, '') === word.replace(/_/g, '');
  });
}

/**
 * Whether `from` reaches `peer` by its name. A fix naming a peer on no shared network would trade this
 * finding for a no-shared-network error, so fixes only name peers that resolve.
 */
function reachesByName(model: NetworkModel, from: ServiceInfo, peer: ServiceInfo): boolean {
  return reachability(model).pair(from.name, peer.name)?.names.includes(peer.name.toLowerCase()) === true;
}

function fixFor(ref: Reference, peer: PortAnswer): Fix | undefined {
  if (!ref.exact) return undefined;
  const name = peer.service.name;
  const hostText = ref.hostLoc;
  if (!peer.viaPublished) return { title: `Use \`${name}\` instead of \`${ref.host}\``, edits: [replaceText(hostText, name)] };
  if (ref.portLoc && ref.portSource !== 'scheme') {
    const edits = [replaceText(hostText, name), replaceText(ref.portLoc, String(peer.containerPort))];
    // A port written in another value (a `*_PORT` variable) is edited where it stands.
    return { title: `Use \`${name}:${peer.containerPort}\` (the container port) instead of \`${ref.host}:${ref.port}\``, edits };
  }
  if (ref.form === 'url' && ref.portSource === 'scheme') {
    return { title: `Use \`${name}:${peer.containerPort}\` instead of \`${ref.host}\``, edits: [replaceText(hostText, `${name}:${peer.containerPort}`)] };
  }
  return undefined;
}

const BROWSER_SCHEMES = new Set(['http', 'https', 'ws', 'wss']);

/**
 * How severe a `localhost` reference to a peer's port is, from how sure its role is (`roles.ts`): an error
 * only when the service surely connects there; a likely connection is a warning, and nothing when the port
 * is published on the host (it works from there). A sure http connection to a published port also serves
 * browsers there: info. An address whose role nothing tells is info; one handed out is fine when
 * published, else info.
 */
function severityOf(ref: Reference, published: boolean): Severity | undefined {
  if (ref.role === 'dial') {
    // A port published on the host answers there too: an address only probably dialled is as likely one handed
    // to browsers (public and API URLs of a web app), which is right, so nothing is said. A sure connection by
    // http may still serve browsers (presigned links, redirects): info. A protocol only a client speaks to a
    // server (postgres://) cannot.
    if (published && ref.certainty === 'likely') return undefined;
    if (published && BROWSER_SCHEMES.has(ref.scheme ?? '')) return 'info';
    return ref.certainty === 'certain' ? 'error' : 'warning';
  }
  if (ref.role === 'unknown') return published ? undefined : 'info';
  if (ref.role === 'advertise') return published ? undefined : 'info';
  return undefined;
}

export const localhostPeer: Rule = {
  id: ID,
  severity: 'error',
  title: 'localhost used to reach another container',
  docs: ruleDocs(ID),
  check(model) {
    const findings: Finding[] = [];
    // Whether some started service publishes host port `port`: then `localhost:port` works from the host and its browsers.
    const publishedByPort = new Map<number, boolean>();
    const published = (port: number) => {
      let answer = publishedByPort.get(port);
      if (answer === undefined) publishedByPort.set(port, (answer = model.answersOn(port).some((p) => p.publishedOnHost)));
      return answer;
    };
    for (const ref of model.references) {
      if (ref.role === 'listen' || ref.form === 'dependency' || !isLoopbackHost(ref.host)) continue;
      // A healthcheck runs in the container and checks it: `localhost` there is the service itself, as meant.
      if (ref.origin === 'healthcheck') continue;
      const from = model.services.get(ref.from);
      if (!from) continue;
      const hostMode = (model.services.get(from.namespaceOwner) ?? from).networkMode.kind === 'host';
      if (ref.port === undefined) {
        if (ref.role !== 'dial' || ref.form !== 'host-var' || !ref.envKey || hostMode) continue;
        const candidates = peersByPrefix(model, from, ref.envKey);
        if (candidates.length === 0) continue;
        const peer = candidates[0];
        // Made when read (a code action, --fix): which peers resolve by name is the reachability of each pair.
        const fixes = (): Fix[] =>
          ref.exact && mayFix(ref)
            ? candidates.filter((c) => reachesByName(model, from, c)).map((c, i) => ({ title: `Use \`${c.name}\` instead of \`${ref.host}\``, edits: [replaceText(ref.hostLoc, c.name)], preferred: i === 0 }))
            : [];
        findings.push(
          withLazyFixes(
            {
              rule: ID,
              severity: ref.certainty === 'certain' ? 'warning' : 'info',
              message: `\`${from.name}\` sets ${ref.envKey}=${ref.host}, but \`${ref.host}\` in \`${from.name}\` is \`${from.name}\` itself; the peer is probably \`${peer.name}\`, reachable by that name.`,
              loc: ref.hostLoc,
              service: from.name,
              related: [{ loc: peer.def.keyLoc, message: `\`${peer.name}\` is defined here` }],
            },
            fixes,
          ),
        );
        continue;
      }
      const port = ref.port;
      // The caller's own port: `localhost` is the caller, which is what it means (fact 1).
      if (model.listensOn(from.name, port) === 'yes') continue;
      const severity = severityOf(ref, published(port));
      if (severity === undefined) continue;
      // Every peer on a common port (hundreds in a large project) would make one finding per reference
      // as long as the project: the first few are the useful suggestions (and the only ones looked at).
      const peers = peersOn(model.answersOn(port), from, (p) => !hostMode || !p.publishedOnHost, MAX_PEERS);
      if (peers.length === 0) continue;
      const peer = peers[0];
      const what = peer.viaPublished
        ? `\`${peer.service.name}\` publishes ${port} on the host, mapped to its container port ${peer.containerPort}`
        : `\`${peer.service.name}\` listens on ${port}`;
      const self = hostMode ? `the host (\`network_mode: host\`), where \`${peer.service.name}\` does not publish ${port}` : `\`${from.name}\` itself`;
      const address = `\`${ref.host}:${port}\`${writtenIn(ref)}`;
      const message =
        ref.role === 'advertise'
          ? `\`${from.name}\` hands out ${address} (${ref.roleWhy}), but nothing publishes ${port} on the host; ${what} inside the project's networks only.`
          : ref.role === 'unknown'
            ? `\`${from.name}\` writes ${address}; if it connects there, \`${ref.host}\` in \`${from.name}\` is ${self}; ${what}.`
            : ref.certainty === 'certain'
              ? `\`${from.name}\` reaches ${address}, but \`${ref.host}\` in \`${from.name}\` is ${self}; ${what}.`
              : `\`${from.name}\` probably reaches ${address} (${ref.roleWhy}), but \`${ref.host}\` in \`${from.name}\` is ${self}; ${what}.`;
      const fixes = (): Fix[] =>
        hostMode || !mayFix(ref)
          ? []
          : peers
              .filter((p) => reachesByName(model, from, p.service))
              .map((p) => fixFor(ref, p))
              .filter((f): f is Fix => f !== undefined)
              .map((f, i) => ({ ...f, preferred: i === 0 }));
      findings.push(
        withLazyFixes(
          {
            rule: ID,
            severity,
            message,
            loc: ref.hostLoc,
            service: from.name,
            related: peers.map((p) => ({ loc: p.service.def.keyLoc, message: `\`${p.service.name}\` listens on ${p.containerPort}` })),
          },
          fixes,
        ),
      );
    }
    return findings;
  },
};
