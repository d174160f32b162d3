// Loaded by `greenline profile heap` into the command it profiles (NODE_OPTIONS=--require, see
// heap-capture.ts): the first node process takes a heap snapshot at GREENLINE_HEAP_START_AFTER_MS
// and then every GREENLINE_HEAP_INTERVAL_MS, GREENLINE_HEAP_SNAPSHOTS in all, into
// GREENLINE_HEAP_DIR, and one more at exit if it ends first. Each finished snapshot is renamed into place, then announced by a line in snapshots.ndjson.
'use strict';
const { appendFileSync, renameSync } = require('node:fs');
const { join } = require('node:path');
const { writeHeapSnapshot } = require('node:v8');
const { isMainThread } = require('node:worker_threads');

const dir = process.env.GREENLINE_HEAP_DIR;
if (isMainThread && dir) {
  // Only this process: node processes it starts get the NODE_OPTIONS the user had.
  const mine = {
    intervalMs: Number(process.env.GREENLINE_HEAP_INTERVAL_MS),
    snapshots: Number(process.env.GREENLINE_HEAP_SNAPSHOTS),
    startedAt: Number(process.env.GREENLINE_HEAP_STARTED_AT),
    startAfterMs: Number(process.env.GREENLINE_HEAP_START_AFTER_MS),
  };
  if (process.env.GREENLINE_HEAP_NODE_OPTIONS) process.env.NODE_OPTIONS = process.env.GREENLINE_HEAP_NODE_OPTIONS;
  else delete process.env.NODE_OPTIONS;
  for (const name of [
    'GREENLINE_HEAP_DIR',
    'GREENLINE_HEAP_INTERVAL_MS',
    'GREENLINE_HEAP_SNAPSHOTS',
    'GREENLINE_HEAP_STARTED_AT',
    'GREENLINE_HEAP_NODE_OPTIONS',
  ]) {
    delete process.env[name];
  }

  let taken = 0;
  const take = (atExit) => {
    taken++;
    const file = `heap-${taken}.heapsnapshot`;
    const takenAtMs = Date.now() - mine.startedAt;
    writeHeapSnapshot(join(dir, `${file}.part`));
    const pauseMs = Date.now() - mine.startedAt - takenAtMs;
    renameSync(join(dir, `${file}.part`), join(dir, file));
    appendFileSync(join(dir, 'snapshots.ndjson'), `${JSON.stringify({ file, takenAtMs, pauseMs, pid: process.pid, atExit })}\n`);
  };
  // On a fixed schedule from the start (the k-th at start-after + (k − 1) × interval), however long each snapshot takes.
  const next = () => {
    if (taken >= mine.snapshots) return;
    const due = mine.startedAt + mine.startAfterMs + taken * mine.intervalMs;
    setTimeout(
      () => {
        take(false);
        next();
      },
      Math.max(0, due - Date.now()),
    ).unref();
  };
  next();
  process.on('exit', () => {
    if (taken < mine.snapshots) take(true);
  });
}
