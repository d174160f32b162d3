/**
 * Entry of a forked benchmark process (see forks.ts): imports one suite file, runs its setup,
 * measures one micro benchmark, tears down, reports over IPC and exits.
 */
import { pathToFileURL } from 'node:url';
import type { ForkRequest, ForkResponse } from './fork-protocol.ts';
import { measureMicro } from './measure-micro.ts';
import type { Measurement } from './result.ts';
import { assertSuite } from './suite.ts';

async function measure({ file, benchmark, budget }: ForkRequest): Promise<Measurement> {
  const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  assertSuite(module.default, file);
  const suite = module.default;
  if (suite.kind !== 'micro') throw new TypeError(`${suite.name} is not a micro suite`);
  const bench = suite.benchmarks.find((candidate) => candidate.name === benchmark);
  if (!bench) throw new TypeError(`${suite.name} has no benchmark "${benchmark}"`);

  const ctx = suite.setup ? await suite.setup() : undefined;
  try {
    return await measureMicro(bench, ctx, budget);
  } finally {
    await suite.teardown?.(ctx);
  }
}

process.once('message', async (request: ForkRequest) => {
  let response: ForkResponse;
  try {
    response = { measurement: await measure(request) };
  } catch (error) {
    response = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  // Exit once the answer is out: a handle the suite forgot to close must not hang the run.
  process.send!(response, () => process.exit(0));
});
