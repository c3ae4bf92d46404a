// undefined-network: a service names a network the project never declares. Compose refuses the
// file: every network a service lists must be declared at the top level, except `default` (fact 13).
import type { NetworkModel } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import { replaceText } from './support/textEdits';
import { NearNames } from './support/nearNames';
import type { Finding, Fix, Rule } from './types';
import { declareTopLevel } from './support/yamlCollectionEdits';

const ID = 'undefined-network';

export const undefinedNetwork: Rule = {
  id: ID,
  severity: 'error',
  title: 'Network used but not declared',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    const declared = new NearNames(model.project.networks.keys());
    for (const svc of model.services.values()) {
      for (const listed of svc.listedNetworks) {
        if (listed.network === 'default' || model.project.networks.has(listed.network)) continue;
        const file = model.project.sources.get(listed.keyLoc.file);
        const edit = file ? declareTopLevel(model.project.sources, file, model.project.fileTrees.get(file.path), 'networks', listed.network) : undefined;
        const near = declared.closest(listed.network)?.name;
        const fixes: Fix[] = [];
        // A slip of a declared name is more likely than a network nobody declared.
        const renamable = near !== undefined && !svc.listedNetworks.some((n) => n.network === near) && file?.slice(listed.keyLoc) === listed.network;
        if (renamable) fixes.push({ title: `Use the declared network \`${near}\``, edits: [replaceText(listed.keyLoc, near as string)], preferred: true });
        if (edit) fixes.push({ title: `Declare network \`${listed.network}\` under top-level \`networks:\``, edits: [edit], preferred: !renamable });
        findings.push({
          rule: ID,
          severity: 'error',
          message: `\`${svc.name}\` joins network \`${listed.network}\`, which is not declared under top-level \`networks:\`; Compose refuses the file.${near ? ` A network \`${near}\` is declared; is that the one?` : ''}`,
          loc: listed.keyLoc,
          service: svc.name,
          related: near ? [{ loc: (model.project.networks.get(near) as { keyLoc: typeof listed.keyLoc }).keyLoc, message: `network \`${near}\` is declared here` }] : [],
          fixes,
        });
      }
    }
    return findings;
  },
};
