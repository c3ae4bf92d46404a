// Which services use a declared network, and the edits that remove declarations nobody uses.
import type { NetworkModel } from '../../network/types';
import { deletePair } from './textEdits';
import type { TextEdit } from '../types';
import { rawTopLevelPairs } from './yamlCollectionEdits';

/**
 * Services that name `network` under `networks:` or sit on it implicitly (`default`), active or
 * not: a service behind a disabled profile still needs the declaration once its profile is on.
 */
export function usersOf(model: NetworkModel, network: string, except?: string): string[] {
  const out: string[] = [];
  for (const svc of model.services.values()) {
    if (svc.name === except) continue;
    if (svc.listedNetworks.some((n) => n.network === network) || svc.attachments.some((a) => a.network === network)) out.push(svc.name);
  }
  return out;
}

/** Every network some service uses, in the sense of `usersOf`: one pass, not one per network. */
export function usedNetworks(model: NetworkModel): Set<string> {
  const out = new Set<string>();
  for (const svc of model.services.values()) {
    for (const n of svc.listedNetworks) out.add(n.network);
    for (const a of svc.attachments) out.add(a.network);
  }
  return out;
}

/**
 * Edits deleting the top-level declarations of `networks` in every file that writes them; the
 * whole `networks:` section goes when nothing else is left in it. Undefined when a declaration
 * cannot be removed by whole lines.
 */
export function removeDeclarations(model: NetworkModel, networks: string[]): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const byFile = new Map<string, string[]>();
  for (const key of networks) {
    for (const r of rawTopLevelPairs(model.project, 'networks', key)) byFile.set(r.file, [...(byFile.get(r.file) ?? []), key]);
  }
  for (const [file, keys] of byFile) {
    const root = model.project.fileTrees.get(file);
    const section = root && root.kind === 'map' ? root.pairs.get('networks') : undefined;
    if (!section || section.value.kind !== 'map') return undefined;
    if ([...section.value.pairs.keys()].every((k) => keys.includes(k))) {
      const edit = deletePair(model.project.sources, section);
      if (!edit) return undefined;
      edits.push(edit);
      continue;
    }
    for (const key of keys) {
      const p = section.value.pairs.get(key);
      const edit = p ? deletePair(model.project.sources, p) : undefined;
      if (!edit) return undefined;
      edits.push(edit);
    }
  }
  return edits;
}
