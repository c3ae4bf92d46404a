// Which steps of the end-to-end scenario run. A step is turned on here once the feature it
// drives is on main; a step that is off is reported as pending (never as passed). For a trial
// run, NETLENS_E2E_STEPS=1,2,3,4,5 overrides this list.
export const ENABLED_STEPS: Record<Step, boolean> = {
  1: true, // Problems panel and squiggles: the foundation's diagnostics.
  2: true, // hover on `localhost`: issue 4 (language features).
  3: true, // quick fix on `localhost`: issue 4 (language features).
  4: true, // "Compose: Show Network Topology" panel: issue 5.
  5: true, // the panel's Live switch against a real engine: issue 6 (needs scripts/docker-engine.sh start).
  8: true, // the panel for real projects: matrix, focus, filter, search (issue 23); runs after step 4.
};

export type Step = 1 | 2 | 3 | 4 | 5 | 8;

export function stepEnabled(step: Step): boolean {
  const override = process.env.NETLENS_E2E_STEPS;
  if (override) return override.split(',').map((s) => s.trim()).includes(String(step));
  return ENABLED_STEPS[step];
}
