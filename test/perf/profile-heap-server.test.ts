/**
 * What `greenline profile heap --url` takes from a server: the heap route on a bare Fastify
 * instance (the full app's auth and settings are in profile-heap-route.test.ts), over a real
 * socket, one snapshot at a time, read by the analysis.
 */
import { readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heapProfilingRoutes } from '../../src/http/routes/profiling-heap.ts';
import { analyzeSnapshotFiles } from '../../src/perf/profile/heap-analyze.ts';
import { announced, captureServer } from '../../src/perf/profile/heap-capture.ts';
import { summarizeHeap } from '../../src/perf/profile/heap-classes.ts';
import { retainedSizesOf } from '../../src/perf/profile/heap-retained.ts';
import { parseHeapSnapshot } from '../../src/perf/profile/heap-snapshot.ts';

/** Something of the server's own to find in its snapshot. */
class ServerMarker {
  constructor(readonly n: number) {}
}
const markers = Array.from({ length: 1000 }, (_, i) => new ServerMarker(i));

describe('greenline profile heap --url', () => {
  let app: FastifyInstance;
  const dir = join(tmpdir(), `greenline-heap-server-${process.pid}`);

  beforeAll(async () => {
    app = Fastify();
    heapProfilingRoutes(app, { enabled: true });
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('takes each snapshot from the server and analyzes them', async () => {
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const taken = await captureServer(base, { path: '/profiles/heap', token: 'unused here' }, { dir, snapshots: 2, intervalMs: 100, startAfterMs: 0 });
    expect(taken.map((s) => s.path)).toEqual([join(dir, 'heap-1.heapsnapshot'), join(dir, 'heap-2.heapsnapshot')]);
    // The server says how long each snapshot stopped it; the second was asked for after the first.
    for (const s of taken) expect(s.pauseMs).toBeGreaterThan(0);
    expect(taken[1]!.takenAtMs).toBeGreaterThanOrEqual(taken[0]!.takenAtMs + 100);
    // Listed in order with their times, for `--analyze` later.
    expect(await announced(dir)).toEqual(taken);
    const report = await analyzeSnapshotFiles(taken);
    expect(report.snapshots.map((s) => s.label)).toEqual(['heap-1.heapsnapshot', 'heap-2.heapsnapshot']);
    expect(report.verdict).toBe('inconclusive');
    expect(report.reason).toBe('2 snapshots: the rule needs at least 3');
    // The snapshot is of the server process: its objects are there, every one.
    const g = parseHeapSnapshot(await readFile(taken[1]!.path, 'utf8'));
    expect(summarizeHeap(g, retainedSizesOf(g), Number.POSITIVE_INFINITY).classes.get('ServerMarker')?.count).toBe(markers.length);
  });
});
