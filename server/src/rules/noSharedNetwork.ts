// no-shared-network: A addresses B by one of B's names, but no network has them both. Names
// resolve only on a network both containers are attached to (facts 7 and 8), so the lookup fails.
import { addressKey } from '../network/cidr';
import { DEFAULT_BRIDGE, type NetworkModel, type ServiceInfo } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import { writtenIn } from './support/writtenIn';
import { unreachablePeers } from './support/unreachablePeers';
import type { Finding, Fix, Rule, TextEdit } from './types';
import { withLazyFixes } from './support/lazyFixes';
import { addNameTo, appendPair, rawServiceNode, rawServicePairs } from './support/yamlCollectionEdits';

const ID = 'no-shared-network';

function ownerOf(model: NetworkModel, name: string): ServiceInfo {
  const svc = model.services.get(name) as ServiceInfo;
  return model.services.get(svc.namespaceOwner) ?? svc;
}

/**
 * B's networks, best first: the ones A's other peers sit on (joining them keeps A's neighbourhood
 * together), then B's own order.
 */
function candidateNetworks(model: NetworkModel, from: ServiceInfo, target: ServiceInfo): string[] {
  const mine = ownerOf(model, target.name)
    .attachments.map((a) => a.network)
    .filter((n) => n !== DEFAULT_BRIDGE && model.networks.get(n)?.kind !== 'default-bridge');
  const score = new Map(mine.map((n) => [n, 0]));
  const peers = new Set<string>();
  for (const r of model.referencesFrom(from.name)) {
    if (r.role !== 'dial') continue;
    const res = model.resolve(r.from, r.host);
    if ((res.kind === 'service' || res.kind === 'unreachable') && res.target !== target.name && res.target !== from.name) peers.add(res.target);
  }
  for (const p of peers) for (const a of ownerOf(model, p).attachments) if (score.has(a.network)) score.set(a.network, (score.get(a.network) as number) + 1);
  return [...mine].sort((a, b) => (score.get(b) as number) - (score.get(a) as number));
}

/** Adds `network` to the service's `networks:` where it is written, or writes `networks:` keeping `default`. */
function joinEdit(model: NetworkModel, svc: ServiceInfo, network: string): TextEdit | undefined {
  const raw = rawServicePairs(model.project, svc.name, 'networks');
  if (raw.length > 0) {
    // An empty `networks:` leaves the service on `default`; adding one name would take it off.
    if (svc.listedNetworks.length === 0) return undefined;
    return addNameTo(model.project.sources, raw[0].pair.value, network);
  }
  // No `networks:` anywhere: the service is on `default` (fact 12); keep it there (fact 13).
  if (svc.attachments.length !== 1 || svc.attachments[0].network !== 'default' || svc.networkMode.kind !== 'networks') return undefined;
  const node = rawServiceNode(model.project, svc.def.keyLoc.file, svc.name);
  return node ? appendPair(model.project.sources, node, 'networks', ['- default', `- ${network}`]) : undefined;
}

export const noSharedNetwork: Rule = {
  id: ID,
  severity: 'error',
  title: 'Peer on no shared network',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    for (const { ref, from, target, severity } of unreachablePeers(model, 'no-shared-network', 'error')) {
      const joiner = ownerOf(model, from.name);
      const fromNets = model.dnsNetworks(from.name);
      const targetNets = model.dnsNetworks(target.name);
      const fixes = (): Fix[] => {
        const out: Fix[] = [];
        // Fixes only where the connection is certain: a join for a likely one could be a join for nothing.
        if (severity !== 'error') return out;
        for (const net of candidateNetworks(model, from, target)) {
          const edit = joinEdit(model, joiner, net);
          if (edit) out.push({ title: `Add network \`${net}\` to \`${joiner.name}\``, edits: [edit], preferred: out.length === 0 });
        }
        return out;
      };
      const list = (nets: string[]) => (nets.length ? nets.map((n) => `\`${n}\``).join(', ') : 'no network');
      const targetMode = ownerOf(model, target.name).networkMode.kind;
      // A peer in host or none mode has no endpoint, hence no name on any network (facts 3 and 4).
      const where =
        targetMode === 'host'
          ? `\`${target.name}\` runs with \`network_mode: host\` and has no name on any network; reach it through the host instead`
          : targetMode === 'none'
            ? `\`${target.name}\` runs with \`network_mode: none\` and cannot be reached at all`
            : addressKey(ref.host) !== undefined
              ? `\`${joiner.name}\` is on ${list(fromNets)}, \`${target.name}\` holds that address on ${list(targetNets)}; networks are isolated from each other, so an address is reached only from its own network`
              : `\`${joiner.name}\` is on ${list(fromNets)}, \`${target.name}\` on ${list(targetNets)}; names resolve only on a common network`;
      findings.push(withLazyFixes({
        rule: ID,
        severity,
        message: `\`${from.name}\` ${severity === 'error' ? 'reaches' : 'probably reaches'} \`${ref.host}\` (service \`${target.name}\`)${writtenIn(ref)}, but they share no network: ${where}.`,
        loc: ref.hostLoc,
        service: from.name,
        related: [
          { loc: target.def.keyLoc, message: `\`${target.name}\` is defined here` },
          ...ownerOf(model, target.name)
            .attachments.filter((a) => a.keyLoc)
            .map((a) => ({ loc: a.keyLoc!, message: `\`${target.name}\` joins \`${a.network}\` here` })),
        ],
      }, fixes));
    }
    return findings;
  },
};
