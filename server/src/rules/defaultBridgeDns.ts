// default-bridge-dns: a name used where one end sits on the default bridge, which has no
// embedded DNS between containers; only `links` (written into /etc/hosts) help there (fact 6).
import { DEFAULT_BRIDGE, type NetworkModel, type ServiceInfo } from '../network/types';
import { ruleDocs } from './docs';
import { deletePair } from './edits';
import type { Finding, Fix, Rule, TextEdit } from './types';

const ID = 'default-bridge-dns';

function onDefaultBridge(svc: ServiceInfo): boolean {
  return svc.attachments.some((a) => a.network === DEFAULT_BRIDGE);
}

export const defaultBridgeDns: Rule = {
  id: ID,
  severity: 'error',
  title: 'Name resolution expected on the default bridge',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    for (const ref of model.references) {
      if (ref.role !== 'connect' || ref.form === 'dependency') continue;
      const res = model.resolve(ref.from, ref.host);
      if (res.kind !== 'unreachable' || res.reason !== 'default-bridge') continue;
      const from = model.services.get(ref.from) as ServiceInfo;
      const fromOwner = model.services.get(from.namespaceOwner) ?? from;
      const target = model.services.get(res.target) as ServiceInfo;
      const onBridge = [fromOwner, target].filter(onDefaultBridge);
      const who = onBridge.map((s) => `\`${s.name}\``).join(' and ');
      const edits: TextEdit[] = [];
      for (const svc of onBridge) {
        const edit = svc.networkModePair ? deletePair(model.project.sources, svc.networkModePair) : undefined;
        if (edit) edits.push(edit);
      }
      const fixes: Fix[] = [];
      if (edits.length === onBridge.length && edits.length > 0) {
        fixes.push({ title: `Remove \`network_mode: bridge\` from ${who} (join the project network)`, edits, preferred: true });
      }
      findings.push({
        rule: ID,
        severity: 'error',
        message: `\`${from.name}\` reaches \`${ref.host}\` by name, but ${who} ${onBridge.length > 1 ? 'are' : 'is'} on the default bridge (\`network_mode: bridge\`), where Docker resolves no container names; only \`links\` or IP addresses work there.`,
        loc: ref.hostLoc,
        service: from.name,
        related: onBridge.filter((s) => s.networkModePair).map((s) => ({ loc: s.networkModePair!.value.loc, message: `\`${s.name}\` is put on the default bridge here` })),
        fixes,
      });
    }
    return findings;
  },
};
