// loopback-listener: a server told to listen on 127.0.0.1 / localhost inside its container, while
// it publishes ports or other services address it. Loopback is the container alone: neither a
// published port nor another container can reach that socket (facts 1 and 5).
import { isLoopbackHost, isWildcardHost } from '../network/addresses';
import { isConnection, type NetworkModel, type Reference, type ServiceInfo } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import { replaceText } from './support/textEdits';
import { RELATED, some } from './support/listLimits';
import type { Finding, RelatedLocation, Rule } from './types';

const ID = 'loopback-listener';

function describeBind(ref: Reference): string {
  const address = `${ref.form === 'url' && ref.scheme ? `${ref.scheme}://` : ''}${ref.host}${ref.portSource === 'written' ? `:${ref.port}` : ''}`;
  return ref.envKey ? `${ref.envKey}=${address}` : address;
}

/**
 * Connections by the namespace they reach (its owner), in reference order: built once per check,
 * not a scan of every reference per loopback bind.
 */
function connectionsByNamespace(model: NetworkModel): Map<string, Reference[]> {
  const out = new Map<string, Reference[]>();
  for (const ref of model.connections()) {
    if (!isConnection(ref)) continue;
    const res = model.resolve(ref.from, ref.host);
    if (res.kind !== 'service' || res.via === 'namespace') continue;
    const t = model.services.get(res.target);
    if (!t) continue;
    const list = out.get(t.namespaceOwner);
    if (list) list.push(ref);
    else out.set(t.namespaceOwner, [ref]);
  }
  return out;
}

export const loopbackListener: Rule = {
  id: ID,
  severity: 'error',
  title: 'Server listens on loopback only',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    let connections: Map<string, Reference[]> | undefined;
    for (const bind of model.references) {
      if (bind.role !== 'listen' || bind.origin === 'healthcheck' || bind.origin === 'depends_on') continue;
      if (!isLoopbackHost(bind.host) || isWildcardHost(bind.host)) continue;
      const svc = model.services.get(bind.from) as ServiceInfo;
      const owner = model.services.get(svc.namespaceOwner) ?? svc;
      // On the host's network, loopback is the host's: reachable from the host, as intended.
      if (owner.networkMode.kind === 'host') continue;
      const boundPort = bind.portSource === 'written' ? bind.port : undefined;
      const related: RelatedLocation[] = [];
      const reasons: string[] = [];
      const published = owner.ports.filter((p) => boundPort === undefined || (boundPort >= p.target && boundPort <= p.targetEnd));
      if (published.length > 0) {
        reasons.push(`publishes ${published.map((p) => (p.published !== undefined ? `${p.published}` : `${p.target}`)).join(', ')} on the host`);
        for (const p of published) related.push({ loc: p.loc, message: `\`${owner.name}\` publishes this port; the host cannot reach a loopback socket through it` });
      }
      const callers = new Set<string>();
      for (const ref of (connections ??= connectionsByNamespace(model)).get(svc.namespaceOwner) ?? []) {
        if (ref.from === svc.name) continue;
        if (boundPort !== undefined && ref.port !== undefined && ref.port !== boundPort) continue;
        callers.add(ref.from);
        if (related.length < RELATED) related.push({ loc: ref.hostLoc, message: `\`${ref.from}\` connects to \`${svc.name}\` here` });
      }
      if (callers.size > 0) reasons.push(`is addressed by ${some([...callers].map((c) => `\`${c}\``))}`);
      if (reasons.length === 0) continue;
      const wildcard = bind.host === '::1' ? '::' : '0.0.0.0';
      findings.push({
        rule: ID,
        severity: 'error',
        message: `\`${svc.name}\` listens on ${describeBind(bind)}, which only its own container can reach, yet it ${reasons.join(' and ')}; bind \`${wildcard}\` so the network can reach it.`,
        loc: bind.hostLoc,
        service: svc.name,
        related,
        fixes: bind.exact ? [{ title: `Listen on \`${wildcard}\` (every interface)`, edits: [replaceText(bind.hostLoc, wildcard)], preferred: true }] : [],
      });
    }
    return findings;
  },
};
