// Probe all's outcomes on the graph: every reference arrow coloured by its probes (agrees, disagrees, failed —
// the probe could not tell), the worst of several, with what each probe saw added to the arrow's tooltip.
import type cytoscape from 'cytoscape';
import type { ProbeAllOutcome } from '../../../server/src/protocol';
import type { TopologyDocument } from '../../../server/src/topology/types';

export const PROBE_CLASSES = ['probe-agrees', 'probe-disagrees', 'probe-failed'] as const;
const RANK = { agrees: 0, inconclusive: 1, disagrees: 2 } as const;
const CLASS = { agrees: 'probe-agrees', disagrees: 'probe-disagrees', inconclusive: 'probe-failed' } as const;
const TIP = '\nprobe all: ';

export function outcomeLine(o: ProbeAllOutcome): string {
  const target = `${o.host}${o.port === null ? '' : `:${o.port}`}`;
  const said = o.verdict === 'inconclusive' ? 'could not tell' : o.verdict;
  return `${target} ${said} (expected ${o.expected === 'works' ? 'to work' : 'to fail'}; ${o.seen.replace(/`/g, '')})`;
}

/**
 * The arrow an outcome belongs on: the reference that wrote the probed address (a loopback address meant for a
 * peer is drawn to that peer), else the pair's target.
 */
function arrowTarget(doc: TopologyDocument | undefined, o: ProbeAllOutcome): string | null {
  const ref = doc?.references.find((r) => r.from === o.from && r.name.toLowerCase() === o.host.toLowerCase() && (r.port ?? null) === o.port && (r.to ?? r.intended));
  return ref ? (ref.to ?? ref.intended ?? null) : o.to;
}

/** Colours the reference arrows of the outcomes; returns how many arrows got a colour. */
export function colourArrows(cy: cytoscape.Core, outcomes: readonly ProbeAllOutcome[], doc?: TopologyDocument): number {
  const byPair = new Map<string, ProbeAllOutcome[]>();
  for (const o of outcomes) {
    const to = arrowTarget(doc, o);
    if (!to || to === o.from) continue;
    const key = `svc:${o.from}\0svc:${to}`;
    byPair.set(key, [...(byPair.get(key) ?? []), o]);
  }
  let coloured = 0;
  cy.batch(() => {
    cy.edges('[kind = "reference"]').forEach((e) => {
      e.removeClass(PROBE_CLASSES.join(' '));
      const base = String(e.data('tooltip') ?? '').split(TIP)[0];
      const list = byPair.get(`${e.data('source')}\0${e.data('target')}`);
      if (!list) {
        e.data('tooltip', base);
        return;
      }
      const worst = list.reduce((a, b) => (RANK[b.verdict] > RANK[a.verdict] ? b : a));
      e.addClass(CLASS[worst.verdict]);
      e.data('tooltip', base + TIP + list.map(outcomeLine).join(TIP));
      coloured++;
    });
  });
  return coloured;
}
