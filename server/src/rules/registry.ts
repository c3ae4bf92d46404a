// The one list of rules. A rule added here is run by the CLI, the language server and the tests.
import { defaultBridgeDns } from './defaultBridgeDns';
import { localhostPeer } from './localhostPeer';
import { dnsrrIngressPorts } from './dnsrrIngressPorts';
import { internalNetworkPorts } from './internalNetworkPorts';
import { internalNetworkEgress } from './internalNetworkEgress';
import { hostGatewayMissing } from './hostGatewayMissing';
import { overlayWithoutSwarm } from './overlayWithoutSwarm';
import { macvlanNoParent } from './macvlanNoParent';
import { linksLegacy } from './linksLegacy';
import { containerNameScaled } from './containerNameScaled';
import { unknownPeerPort } from './unknownPeerPort';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [
  localhostPeer,
  defaultBridgeDns,
  dnsrrIngressPorts,
  internalNetworkPorts,
  internalNetworkEgress,
  hostGatewayMissing,
  overlayWithoutSwarm,
  macvlanNoParent,
  linksLegacy,
  containerNameScaled,
  unknownPeerPort,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
