import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection on demand, without asking users to start node with --expose-gc:
 * the flag can be turned on at run time and `gc` read from a fresh context. Collecting before
 * each benchmark keeps the previous one's garbage from being collected (and timed) in the next.
 */
function loadCollector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export const collectGarbage: () => void = loadCollector();

/**
 * Heap in use after full collections: what is really retained, not garbage awaiting GC. Twice,
 * because one pass leaves garbage that only becomes unreachable through it (weak references,
 * caches cleared during GC), and with one pass benchmarks that retain nothing showed negative
 * deltas (docs/benchmarks.md, Design measurements).
 */
export function retainedHeapBytes(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}
