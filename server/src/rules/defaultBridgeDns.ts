// default-bridge-dns: a name used where one end sits on the default bridge, which has no
// embedded DNS between containers; only `links` (written into /etc/hosts) help there (fact 6).
import { DEFAULT_BRIDGE, type NetworkModel, type ServiceInfo } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import { writtenIn } from './support/writtenIn';
import { unreachablePeers } from './support/unreachablePeers';
import { deletePair } from './support/textEdits';
import type { Finding, Fix, Rule, TextEdit } from './types';
import { withLazyFixes } from './support/lazyFixes';

const ID = 'default-bridge-dns';

function onDefaultBridge(svc: ServiceInfo): boolean {
  return svc.attachments.some((a) => a.network === DEFAULT_BRIDGE);
}

/** Deletes the `network_mode: bridge` line, or replaces it by `networks: [join]` at the same indentation. */
function leaveBridge(model: NetworkModel, svc: ServiceInfo, join: string | undefined): TextEdit | undefined {
  const pair = svc.networkModePair!;
  const removal = deletePair(model.project.sources, pair);
  if (!removal || !join || svc.def.node.pairs.has('networks')) return removal;
  const file = model.project.sources.get(pair.keyLoc.file)!;
  const indent = ' '.repeat(pair.keyLoc.start - file.lineStartOf(pair.keyLoc.start));
  const lb = file.lineBreak;
  return { ...removal, newText: `${indent}networks:${lb}${indent}  - ${join}${lb}` };
}

export const defaultBridgeDns: Rule = {
  id: ID,
  severity: 'error',
  title: 'Name resolution expected on the default bridge',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    for (const { ref, from, target, severity } of unreachablePeers(model, 'default-bridge', 'error')) {
      const fromOwner = model.services.get(from.namespaceOwner) ?? from;
      const onBridge = [fromOwner, target].filter(onDefaultBridge);
      const who = onBridge.map((s) => `\`${s.name}\``).join(' and ');
      // Made when read (a code action, --fix): a large project's diagnostics need none of their edits.
      const fixes = (): Fix[] => {
        const edits: TextEdit[] = [];
        // Leaving the bridge puts a service on `default`; when the other end is not there, join one
        // of its networks instead, so that the two really share a network afterwards.
        const joins: string[] = [];
        for (const svc of onBridge) {
          const other = svc === target ? fromOwner : target;
          const otherNetworks = onDefaultBridge(other) ? [] : other.attachments.map((a) => a.network);
          const join = otherNetworks.length > 0 && !otherNetworks.includes('default') ? otherNetworks[0] : undefined;
          const edit = svc.networkModePair ? leaveBridge(model, svc, join) : undefined;
          if (edit) edits.push(edit);
          if (join) joins.push(`\`${svc.name}\` joins \`${join}\``);
        }
        const out: Fix[] = [];
        if (edits.length === onBridge.length && edits.length > 0 && ref.role === 'dial' && ref.certainty === 'certain') {
          const how = joins.length > 0 ? joins.join(', ') : 'join the project network';
          out.push({ title: `Remove \`network_mode: bridge\` from ${who} (${how})`, edits, preferred: true });
        }
        return out;
      };
      findings.push(withLazyFixes({
        rule: ID,
        severity,
        message: `\`${from.name}\` ${severity === 'error' ? 'reaches' : 'probably reaches'} \`${ref.host}\` by name${writtenIn(ref)}, but ${who} ${onBridge.length > 1 ? 'are' : 'is'} on the default bridge (\`network_mode: bridge\`), where Docker resolves no container names; only \`links\` or IP addresses work there.`,
        loc: ref.hostLoc,
        service: from.name,
        related: onBridge.filter((s) => s.networkModePair).map((s) => ({ loc: s.networkModePair!.value.loc, message: `\`${s.name}\` is put on the default bridge here` })),
      }, fixes));
    }
    return findings;
  },
};
