/**
 * Loaded into a profiled program with NODE_OPTIONS=--import (node 20 refuses --cpu-prof there):
 * samples the thread with the inspector from start to exit, then writes its `.cpuprofile` into
 * GREENLINE_CPU_PROFILE_DIR. Plain JavaScript: the program may run without a TypeScript loader.
 * Worker threads load it too, so each thread writes its own profile, as --cpu-prof does.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { isMainThread, threadId } from 'node:worker_threads';
import { mapProfileToSources } from './cpu-source-map.mjs';

const dir = process.env.GREENLINE_CPU_PROFILE_DIR;
if (dir) {
  // Record the source maps of modules loaded from here on, so frames map back to their sources.
  process.setSourceMapsEnabled(true);
  const interval = Number(process.env.GREENLINE_CPU_PROFILE_INTERVAL_US) || 1000;
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval });
  session.post('Profiler.start');
  let written = false;
  // The in-thread session answers synchronously, so the profile is written before the thread ends.
  const write = () => {
    if (written) return;
    written = true;
    session.post('Profiler.stop', (err, result) => {
      if (err || !result) return;
      const stamp = new Date()
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, '');
      writeFileSync(join(dir, `CPU.${stamp}.${process.pid}.${threadId}.cpuprofile`), JSON.stringify(mapProfileToSources(result.profile)));
    });
  };
  process.once('exit', write);
  // Ctrl-C or a SIGTERM ends a program without 'exit' unless it handles the signal itself: then
  // the profile is written first and the signal raised again, with its default effect.
  if (isMainThread) {
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.once(signal, () => {
        if (process.listenerCount(signal) > 0) return;
        write();
        process.kill(process.pid, signal);
      });
    }
  }
}
