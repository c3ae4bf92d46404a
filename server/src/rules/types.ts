// What a rule is and what it reports. Rules are pure functions of the network model.
import type { Loc } from '../compose/source';
import type { Severity } from '../compose/problems';
import type { NetworkModel } from '../network/types';
import type { TopologyDocument } from '../topology/types';

export type { Severity };

export interface TextEdit {
  loc: Loc;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The safest fix of a finding; editors apply it for "fix all". */
  preferred?: boolean;
}

export interface RelatedLocation {
  loc: Loc;
  message: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  loc: Loc;
  service: string | null;
  /** Every service it concerns, when one value written once (an anchor, a shared env_file) serves several. */
  services?: string[];
  related: RelatedLocation[];
  fixes: Fix[];
  tags?: Array<'unnecessary' | 'deprecated'>;
}

export interface Rule {
  id: string;
  severity: Severity;
  title: string;
  /** Link to the rule's page in docs/rules/. */
  docs: string;
  check(model: NetworkModel): Finding[];
}

/** A pre-flight rule (live mode, before `up`): the model against a live topology document of the whole engine (`preflight.ts`). */
export interface LiveRule {
  id: string;
  severity: Severity;
  title: string;
  docs: string;
  check(model: NetworkModel, live: TopologyDocument): Finding[];
}
