// Code lens over each service: the networks it is on and the services that reach it.
import type { CodeLens } from 'vscode-languageserver';
import { get, isMap } from '../compose/nodes';
import type { Analysis } from '../analysis';
import { networksOf, reachedBy } from './describe';
import { some } from '../rules/support/listLimits';
import { rangeOf } from '../lsp/locations';

export function codeLenses(analysis: Analysis, file: string): CodeLens[] {
  const services = get(analysis.project.fileTrees.get(file), 'services');
  if (!isMap(services)) return [];
  const out: CodeLens[] = [];
  for (const p of services.pairs.values()) {
    const name = p.key;
    const svc = analysis.model.services.get(name);
    if (!svc) continue;
    const by = reachedBy(analysis.model, name).map((b) => b.from);
    const title = `on: ${networksOf(svc)} · reached by: ${by.length ? some(by) : 'nobody'}`;
    // A lens with an empty command is a label; there is nothing to run.
    out.push({ range: rangeOf(analysis, p.keyLoc), command: { title, command: '' } });
  }
  return out;
}
