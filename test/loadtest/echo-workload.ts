/**
 * A small workload for the engine's tests: one action, `ping`, whose requests carry the fixtures
 * its setup made, its `size` setting and its seed, so a test server can see what reached it.
 * Exported by name so worker threads can load it (see Workload.module).
 */
import type { Workload } from '../../src/perf/load/workload.ts';

export interface EchoFixtures {
  token: string;
}

/** Setups run in this module instance (worker threads load their own, and must not run one). */
export const setups: Array<{ target: string; authorization: string | undefined }> = [];

export const echoWorkload: Workload<EchoFixtures> = {
  name: 'echo',
  module: { url: import.meta.url, exportName: 'echoWorkload' },
  actions: ['ping'],
  actionSettings: ['size'],
  classes: { pinger: { actions: [{ use: 'ping', weight: 1 }] } },
  async setup({ target, headers, log }) {
    setups.push({ target, authorization: headers.authorization });
    log('echo: setting up');
    return { token: `token-${setups.length}` };
  },
  requests(use, { fixtures, seed, settings }) {
    const spec = { method: 'GET', path: `/echo?use=${use}&token=${fixtures.token}&size=${settings.size ?? 1}`, headers: { 'x-seed': String(seed) } };
    return () => spec;
  },
};
