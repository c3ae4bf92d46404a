// The one list of rules. A rule added here is run by the CLI, the language server and the tests.
import { defaultBridgeDns } from './defaultBridgeDns';
import { localhostPeer } from './localhostPeer';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [localhostPeer, defaultBridgeDns];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
