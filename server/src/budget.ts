// One analysis's time budget. Every stage is linear in its input, yet a large hostile project can
// still take long: the language server gives each analysis a budget, and the long loops of the
// stages (nodes converted, services read, rules run) check it, so a spent budget ends the analysis
// with one clear problem instead of a server that answers nothing. Analyses run synchronously, one
// at a time, so the budget under way is module state; outside `withTimeBudget` checks never stop.

/** Thrown by `checkTimeBudget` when the budget is spent; `stage` says what was under way. */
export class AnalysisStopped extends Error {
  constructor(
    readonly seconds: number,
    readonly stage: string,
  ) {
    super(`analysis stopped after ${seconds} s: ${stage} took too long`);
    this.name = 'AnalysisStopped';
  }
}

/** Where time is read; tests give a clock of their own (tests never depend on real time). */
export type Clock = () => number;

let deadline = Infinity;
let seconds = 0;
let clock: Clock = () => performance.now();

/** Checks made so far: a test sees that the stages check. */
export const budgetCounters = { checks: 0 };

/** Runs `run` with `limitSeconds` to spend; a check after that throws `AnalysisStopped`. */
export function withTimeBudget<T>(limitSeconds: number, run: () => T, time: Clock = () => performance.now()): T {
  const saved = { deadline, seconds, clock };
  clock = time;
  seconds = limitSeconds;
  deadline = time() + limitSeconds * 1000;
  try {
    return run();
  } finally {
    ({ deadline, seconds, clock } = saved);
  }
}

/** Stops the analysis under way when its budget is spent; `stage` names what it was doing, for the message. */
export function checkTimeBudget(stage: () => string): void {
  budgetCounters.checks++;
  if (deadline !== Infinity && clock() >= deadline) throw new AnalysisStopped(seconds, stage());
}
