// Go to definition: from a service or network name (or a host naming a service) to where it is
// declared, in every file of the merged project that declares it.
import type { Location, Position } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { locationOf, offsetOf } from '../lsp/locations';
import { projectIndex, spanAt } from '../lsp/projectIndex';

export function definition(analysis: Analysis, file: string, position: Position): Location[] {
  const offset = offsetOf(analysis, file, position);
  if (offset === undefined) return [];
  const span = spanAt(analysis, file, offset);
  if (!span) return [];
  const project = analysis.project;
  if (span.kind === 'service') return (project.services.get(span.name)?.keyLocs ?? []).map((l) => locationOf(analysis, l));
  if (span.kind === 'network') return (project.networks.get(span.name)?.keyLocs ?? []).map((l) => locationOf(analysis, l));
  if (span.kind === 'host') {
    const res = analysis.model.resolve(span.ref.from, span.ref.host);
    const target = res.kind === 'service' || res.kind === 'unreachable' ? res.target : undefined;
    return target ? (project.services.get(target)?.keyLocs ?? []).map((l) => locationOf(analysis, l)) : [];
  }
  if (span.kind === 'networkMode' || span.kind === 'port') return (project.services.get(span.service)?.keyLocs ?? []).map((l) => locationOf(analysis, l));
  if (span.kind === 'driver') return (project.networks.get(span.network)?.keyLocs ?? []).map((l) => locationOf(analysis, l));
  return [];
}
