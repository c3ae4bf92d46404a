// compose-schema: what the Compose specification's schema rejects in a file as written (compose/schema.ts
// finds and locates it): an unknown key (with the allowed key it is nearest to, and a fix renaming it), a
// value of the wrong type or form, a missing key. The obsolete top-level `version` is an info, with a
// fix removing it. Files with a YAML syntax error are left to that error; files read from outside the
// project folder are not checked (a message would quote them).
import { validateComposeTree, type SchemaProblem } from '../compose/schema';
import type { NetworkModel } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import { deletePair } from './support/textEdits';
import { NearNames } from './support/nearNames';
import type { Finding, Fix, Rule } from './types';

const ID = 'compose-schema';

export const composeSchema: Rule = {
  id: ID,
  severity: 'error',
  title: 'Not valid for the Compose specification',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const project = model.project;
    const broken = new Set(project.problems.filter((p) => p.code === 'yaml-syntax' && p.severity === 'error').map((p) => p.loc.file));
    const findings: Finding[] = [];
    for (const [file, tree] of project.fileTrees) {
      if (broken.has(file) || project.outsideFiles?.has(file)) continue;
      for (const p of validateComposeTree(tree)) findings.push(toFinding(model, p));
    }
    return findings;
  },
};

function toFinding(model: NetworkModel, p: SchemaProblem): Finding {
  const sources = model.project.sources;
  const base = { rule: ID, loc: p.loc, service: p.service ?? null, related: [] };
  if (p.kind === 'obsolete' && p.pair) {
    const edit = deletePair(sources, p.pair);
    const fixes: Fix[] = edit ? [{ title: `Remove the obsolete \`${p.pair.key}\``, edits: [edit], preferred: true }] : [];
    return { ...base, severity: 'info', message: p.message, fixes, tags: ['deprecated'] };
  }
  if (p.kind === 'unknown-key' && p.pair) {
    const key = p.pair.key;
    const near = new NearNames(p.allowed ?? []).closest(key)?.name;
    // Renamed only where the key is written as it reads (not quoted, not through an alias).
    const written = sources.get(p.pair.keyLoc.file)?.slice(p.pair.keyLoc) === key;
    const fixes: Fix[] = near && written ? [{ title: `Rename \`${key}\` to \`${near}\``, edits: [{ loc: p.pair.keyLoc, newText: near }], preferred: true }] : [];
    return { ...base, severity: 'error', message: near ? `${p.message.replace(/\.$/, '')}; did you mean \`${near}\`?` : p.message, fixes };
  }
  return { ...base, severity: 'error', message: p.message, fixes: [] };
}
