// The one list of rules, in the order of the catalogue. A rule added here is run by the CLI,
// the language server and the tests.
import { composeSchema } from './composeSchema';
import { containerNameScaled } from './containerNameScaled';
import { defaultBridgeDns } from './defaultBridgeDns';
import { dnsrrIngressPorts } from './dnsrrIngressPorts';
import { duplicateHostPort } from './duplicateHostPort';
import { hostGatewayMissing } from './hostGatewayMissing';
import { hostModePorts } from './hostModePorts';
import { internalNetworkEgress } from './internalNetworkEgress';
import { internalNetworkPorts } from './internalNetworkPorts';
import { linksLegacy } from './linksLegacy';
import { localhostPeer } from './localhostPeer';
import { localhostNoListener } from './localhostNoListener';
import { loopbackListener } from './loopbackListener';
import { macvlanNoParent } from './macvlanNoParent';
import { macvlanPorts } from './macvlanPorts';
import { networkModeConflict } from './networkModeConflict';
import { noSharedNetwork } from './noSharedNetwork';
import { overlayWithoutSwarm } from './overlayWithoutSwarm';
import { publishedOnAllInterfaces } from './publishedOnAllInterfaces';
import { publishedPortInNetwork } from './publishedPortInNetwork';
import { publishedPortNoListener } from './publishedPortNoListener';
import { staticIpWithoutSubnet } from './staticIpWithoutSubnet';
import { traefikNetwork } from './traefikNetwork';
import { traefikRouterConflict } from './traefikRouterConflict';
import { traefikRouterMisnamed } from './traefikRouterMisnamed';
import { stackExternalNetworkScope } from './stackExternalNetworkScope';
import { stackHostPortReplicas } from './stackHostPortReplicas';
import { stackIgnoredKey } from './stackIgnoredKey';
import { stackOverlayNotAttachable } from './stackOverlayNotAttachable';
import { subnetOverlap } from './subnetOverlap';
import type { Rule } from './types';
import { undefinedNetwork } from './undefinedNetwork';
import { unknownHost } from './unknownHost';
import { unknownPeerPort } from './unknownPeerPort';
import { unusedNetwork } from './unusedNetwork';

export const RULES: readonly Rule[] = [
  localhostPeer,
  localhostNoListener,
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
  dnsrrIngressPorts,
  internalNetworkPorts,
  internalNetworkEgress,
  hostGatewayMissing,
  overlayWithoutSwarm,
  macvlanNoParent,
  macvlanPorts,
  linksLegacy,
  containerNameScaled,
  unknownPeerPort,
  traefikNetwork,
  traefikRouterConflict,
  traefikRouterMisnamed,
  publishedOnAllInterfaces,
  publishedPortNoListener,
  subnetOverlap,
  composeSchema,
  stackIgnoredKey,
  stackHostPortReplicas,
  stackExternalNetworkScope,
  stackOverlayNotAttachable,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
