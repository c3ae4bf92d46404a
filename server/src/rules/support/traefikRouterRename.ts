// A Traefik router renamed in the labels that define it: the name's characters in each label key, where
// the key is written as it reads (a key built by a merge or written otherwise is left alone: no fix).
import type { Label, NetworkModel } from '../../network/types';
import type { Fix, TextEdit } from '../types';

export function renameRouterFix(model: NetworkModel, labels: readonly Label[], router: string, to: string, title: string): Fix | undefined {
  const edits: TextEdit[] = [];
  for (const label of labels) {
    const written = model.project.sources.get(label.keyLoc.file)?.slice(label.keyLoc);
    if (written === undefined || !written.startsWith(label.key) || written.length !== label.key.length) return undefined;
    const at = label.key.toLowerCase().indexOf(`.routers.${router.toLowerCase()}.`) + '.routers.'.length;
    edits.push({ loc: { file: label.keyLoc.file, start: label.keyLoc.start + at, end: label.keyLoc.start + at + router.length }, newText: to });
  }
  return edits.length ? { title, edits } : undefined;
}
