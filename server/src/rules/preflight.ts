// Pre-flight: what `docker compose up` would run into on the engine, before it runs. Each rule is a
// pure function of the network model and a live topology document of the whole engine (every project's
// containers and networks), one file per rule as for the static rules; live mode (`live/drift.ts`) runs
// this list with the drift checks, in the editor while a folder is live and in `netlens check --live`.
import type { NetworkModel } from '../network/types';
import type { TopologyDocument } from '../topology/types';
import { engineSubnetOverlap } from './engineSubnetOverlap';
import { externalNetworkMissing } from './externalNetworkMissing';
import { hostPortTaken } from './hostPortTaken';
import { nameShadowed } from './nameShadowed';
import type { Finding, LiveRule } from './types';

export type { LiveRule };

export const PREFLIGHT_RULES: readonly LiveRule[] = [externalNetworkMissing, hostPortTaken, nameShadowed, engineSubnetOverlap];

export function preflightFindings(model: NetworkModel, live: TopologyDocument): Finding[] {
  return PREFLIGHT_RULES.flatMap((rule) => rule.check(model, live));
}
