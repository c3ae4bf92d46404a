// Full garbage collections around the analysis of a large project. V8 sizes its heap by how fast
// memory is allocated, not by how much stays alive: each analysis of a 5,000-service project
// allocates about 100 MB that is garbage by the next edit, and without a collection in between the
// heap (and the editor's memory) grows by that much per edit before V8 catches up. So: one
// collection before a large project is analysed again (the last analysis's garbage). Measured on the
// benchmark's 5,000-service project over stdio (open, then an edit): peak RSS 291 MB without it, about
// 182 MB with it. It costs a few tens of milliseconds at that size (more on a loaded machine), so it is
// done for large projects only.
// A second, after a large project's first analysis and before its diagnostics are written, only when
// many are written (`LARGE_PUBLISH`): the peak of such an open is while their text (4.9 MB for 4,846) is
// made and written on top of what the model and rules left; with it, that open's peak RSS 186–191 →
// 177–180 MB. Under the limit per file (`netlens.maxDiagnosticsPerFile`, 1,000) the text is about 1 MB, and
// the collection took 56–117 ms of a 1.3–1.5 s open for 0–3 MB.
// Not made: a collection after a whole parse (the parser's garbage), which saved about 10 MB when the parser
// was `yaml`'s. Without it and the second, five opens and edits each: open median 1.50 → 1.38 s, peak RSS
// 167–174 → 171–177 MB. Nor after an edit's analysis, which leaves little garbage (its services are kept,
// `network/reuse.ts`).
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/**
 * How much the old generation may grow past what stayed alive before the next full collection, in percent.
 * V8 picks up to fourfold when collecting is cheap next to allocating, which an analysis is (it allocates a
 * great deal, little of which stays alive), so the heap, and the editor's memory, grow far past what the
 * server keeps. Measured over stdio on the benchmark's projects (open, then an edit): peak RSS at 1,000
 * services 130 → 114 MB, at 5,000 210 → about 195 MB (there the collections above already bound it), with
 * the processor time of opening and editing unchanged within the noise.
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * The heap's growth while a project is analysed for the first time. Such an analysis builds everything it keeps,
 * so the heap grows from a few MB to what it keeps, and at 50 % V8 marked it again and again on the way (concurrently,
 * on the second of two cores, with the write barriers slowing the analysis meanwhile). Measured over stdio on the
 * benchmark's 5,000-service project, eight opens and edits each, alternated: open median 1.50 → 1.37 s (200 %:
 * 1.38 s), peak RSS median 174 → 174 MB (max 176 → 175). Since V8 has one helper thread on two processors
 * (`serverExecArgv`), which compiles through most of an open, the marking fell to the analysis thread: at 400 %
 * the open at 5,000 runs one full collection (early, at 24 MB) instead of two. Eighteen opens alternated with
 * 100 % (2026-11-28): faster in 13, medians of two batches 1.44 → 1.33 s and 1.44 → 1.38 s; peak RSS at 5,000
 * 160 → 170 MB (the alternative's 186), at 1,000 unchanged (about 101 MB).
 */
export const FIRST_ANALYSIS_GROWING_PERCENT = 400;

/** The growth last set, in percent (V8 offers no reading of its flags; the tests read this). */
export const heapGrowth = { percent: 0 };

function setHeapGrowth(percent: number): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  heapGrowth.percent = percent;
}

/** Sets the heap's growth for the server's lifetime; read by V8 at each full collection, so setting it at start suffices. */
export function limitHeapGrowth(): void {
  setHeapGrowth(HEAP_GROWING_PERCENT);
}

/** Runs a project's first analysis with the heap's growth at `FIRST_ANALYSIS_GROWING_PERCENT`, then bounds it again. */
export function withFirstAnalysisGrowth<T>(run: () => T): T {
  setHeapGrowth(FIRST_ANALYSIS_GROWING_PERCENT);
  try {
    return run();
  } finally {
    setHeapGrowth(HEAP_GROWING_PERCENT);
  }
}

/** Projects whose files hold fewer characters than this are not worth a collection. */
export const LARGE_PROJECT_CHARS = 512 * 1024;

/** Diagnostics written at once above which their text is worth a collection first (about 1 KB each). */
export const LARGE_PUBLISH = 2000;

let gc: (() => void) | null | undefined;

/** Collections asked for (tests read it). */
export const gcCounters = { collections: 0 };

/** Runs a full collection; does nothing when the runtime refuses to expose one. */
export function collectGarbage(): void {
  gcCounters.collections++;
  if (gc === undefined) {
    try {
      // `--expose-gc` set at run time makes `gc` available to contexts created afterwards.
      v8.setFlagsFromString('--expose-gc');
      const found: unknown = vm.runInNewContext('gc');
      gc = typeof found === 'function' ? (found as () => void) : null;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
