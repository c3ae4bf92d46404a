// Full garbage collections around the analysis of a large project. V8 sizes its heap by how fast
// memory is allocated, not by how much stays alive: each analysis of a 5,000-service project
// allocates about 100 MB that is garbage by the next edit, and without a collection in between the
// heap (and the editor's memory) grows by that much per edit before V8 catches up. So: one
// collection before a large project is analysed again (the last analysis's garbage), one after its
// files are loaded (the parser's own syntax trees), so that the model and rules start from what is
// alive. Measured on the benchmark's 5,000-service project over stdio (open, then an edit): peak RSS
// 291 MB with neither, about 182 MB with the first, about 168 MB with both (open alone about 160 MB).
// Each costs a few tens of milliseconds at that size (more on a loaded machine), so they are done for large
// projects only, and the second only when the load parsed a file whole: an edit spliced into the last tree
// (`compose/reparse.ts`) leaves almost no parser garbage, and its collection was a tenth of the edit's time.
// A third, after such a first analysis and before its diagnostics are written: the peak of an open is while
// their text (4.9 MB at 5,000 services) is made and written on top of what the model and rules left; with it,
// the open's peak RSS 186–191 → 177–180 MB. An edit's analysis leaves little garbage (its services are kept,
// `network/reuse.ts`): there the collection would cost more time than the memory it saves.
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

/** Sets the heap's growth for the server's lifetime; read by V8 at each full collection, so setting it at start suffices. */
export function limitHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/** Projects whose files hold fewer characters than this are not worth a collection. */
export const LARGE_PROJECT_CHARS = 512 * 1024;

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
