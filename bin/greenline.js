#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so `npm start` needs no build step.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// A larger young generation: request handling allocates many short-lived objects (10,000-query
// batches), and with V8's default 16 MB semi-space scavenges dominated; measured in
// docs/benchmarks.md (factors-resolve median 145 → ~105 ms at 32 MB; a 10,000-record calculation
// batch 331 ms at 16 MB, 306–326 at 32, 281–306 at 64, no better at 128). Set before anything is allocated;
// an explicit --max-semi-space-size in NODE_OPTIONS wins. Bulk ingest keeps V8's default 16 MB:
// its chunks live across scavenges anyway, and the smaller young generation keeps peak RSS
// under 300 MB for a million rows at the same throughput (docs/benchmarks.md).
const bulk = ['ingest', 'worker'].includes(process.argv[2] ?? '');
if (!/--max-semi-space-size/.test(`${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`)) {
  setFlagsFromString(`--max-semi-space-size=${bulk ? 16 : 64}`);
}
register();
await import('../src/cli/main.ts');
