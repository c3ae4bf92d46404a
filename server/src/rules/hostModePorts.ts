// host-mode-ports: `ports` on a service that runs in the host's network namespace. There is no
// port to map: the engine discards them with a warning, and the program listens on the host
// directly on its own port (fact 3).
import type { NetworkModel } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import { deletePair } from './support/textEdits';
import type { Finding, Fix, Rule, TextEdit } from './types';
import { rawServicePairs } from './support/yamlCollectionEdits';

const ID = 'host-mode-ports';

export const hostModePorts: Rule = {
  id: ID,
  severity: 'warning',
  title: 'Published ports are discarded in host network mode',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    for (const svc of model.services.values()) {
      if (svc.networkMode.kind !== 'host') continue;
      const portsPair = svc.def.node.pairs.get('ports');
      if (!portsPair) continue;
      const raw = rawServicePairs(model.project, svc.name, 'ports');
      const edits = raw.map((r) => deletePair(model.project.sources, r.pair));
      const fixes: Fix[] =
        raw.length > 0 && edits.every((e) => e !== undefined) ? [{ title: `Remove \`ports\` from \`${svc.name}\``, edits: edits as TextEdit[], preferred: true }] : [];
      const listed = svc.ports.map((p) => p.target).filter((p, i, all) => all.indexOf(p) === i);
      const where = listed.length > 0 ? `; the program is reached on the host at its own port${listed.length > 1 ? 's' : ''} (${listed.join(', ')})` : '';
      for (const r of raw.length > 0 ? raw : [{ file: portsPair.keyLoc.file, pair: portsPair }]) {
        findings.push({
          rule: ID,
          severity: 'warning',
          message: `\`${svc.name}\` runs with \`network_mode: host\`, so its \`ports\` are discarded: there is no container network to publish from${where}.`,
          loc: r.pair.keyLoc,
          service: svc.name,
          related: svc.networkModePair ? [{ loc: svc.networkModePair.value.loc, message: `\`${svc.name}\` uses the host's network here` }] : [],
          fixes,
        });
      }
    }
    return findings;
  },
};
