// The one list of rules. A rule added here is run by the CLI, the language server and the tests.
import { defaultBridgeDns } from './defaultBridgeDns';
import { duplicateHostPort } from './duplicateHostPort';
import { hostModePorts } from './hostModePorts';
import { localhostPeer } from './localhostPeer';
import { loopbackListener } from './loopbackListener';
import { networkModeConflict } from './networkModeConflict';
import { noSharedNetwork } from './noSharedNetwork';
import { publishedPortInNetwork } from './publishedPortInNetwork';
import { staticIpWithoutSubnet } from './staticIpWithoutSubnet';
import { undefinedNetwork } from './undefinedNetwork';
import { unknownHost } from './unknownHost';
import { unusedNetwork } from './unusedNetwork';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [
  localhostPeer,
  defaultBridgeDns,
  noSharedNetwork,
  publishedPortInNetwork,
  hostModePorts,
  networkModeConflict,
  undefinedNetwork,
  unusedNetwork,
  loopbackListener,
  unknownHost,
  duplicateHostPort,
  staticIpWithoutSubnet,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
