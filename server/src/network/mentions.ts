// How often a service's settings mention a name as a word, wherever it stands (environment,
// env_file, command, entrypoint, healthcheck). References find addresses; this counts every use,
// so a fix that renames a name can tell whether it would leave a use behind.
import { get, isScalar, isSeq } from '../compose/nodes';
import type { CNode } from '../compose/nodes';
import type { ServiceDef } from '../compose/project';
import { environmentOf } from './references';

function texts(node: CNode | undefined): string[] {
  if (isScalar(node)) return node.value === null ? [] : [String(node.value)];
  if (isSeq(node)) return node.items.flatMap(texts);
  return [];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Mentions of `name` (case-insensitive) as a host-like word: not part of a longer name, path or scheme. */
export function nameMentions(def: ServiceDef, name: string): number {
  if (name === '') return 0;
  // Not after a letter, dot or dash, nor after a path's `/` (but after `://`); not before more name or `://`.
  const word = new RegExp(`(?<![\\w.\\-])(?<!(?<!:\\/)\\/)${escape(name)}(?![\\w\\-]|\\.[A-Za-z]|:\\/\\/)`, 'gi');
  const all = [
    ...environmentOf(def).map((v) => v.value.text),
    ...texts(get(def.node, 'command')),
    ...texts(get(def.node, 'entrypoint')),
    ...texts(get(get(def.node, 'healthcheck'), 'test')),
  ];
  return all.reduce((n, t) => n + (t.match(word)?.length ?? 0), 0);
}
