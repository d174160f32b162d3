/**
 * `greenline loadtest [scenario.yaml]`: runs a scenario (or the built-in Greenline workload from
 * flags), prints a live progress line and a summary, writes JSON and HTML reports, and returns the
 * exit code: 0 when every gate held, 1 on a breach, 2 when there was nothing sound to run.
 *
 * The generic engine (perf/load/) gets the Greenline workload from here, and the target and API
 * key a scenario leaves out from the configuration (GREENLINE_URL, else this machine at PORT;
 * GREENLINE_API_KEY).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { type Config, ConfigError, loadConfig } from '../config.ts';
import { greenlineWorkload } from '../perf/greenline-workload.ts';
import { runScenario } from '../perf/load/loadtest.ts';
import { renderHtmlReport } from '../perf/load/report-html.ts';
import { type Scenario, ScenarioError, scenarioFromObject } from '../perf/load/scenario.ts';
import { totalDurationMs } from '../perf/load/stages.ts';
import { progressLine, renderSummary } from '../perf/load/summary.ts';

export interface LoadtestFlags {
  class?: string;
  kind?: string;
  model?: string;
  users?: string;
  rate?: string;
  duration?: string;
  ramp?: string;
  think?: string;
  target?: string;
  apiKey?: string;
  workers?: string;
  connections?: string;
  p95?: string;
  p99?: string;
  maxErrorRate?: string;
  minThroughput?: string;
  coCorrection?: boolean;
  json?: string;
  html?: string;
  progress?: boolean;
}

/** The scenario document: the file's, or one built from flags around a built-in class; flags win. */
export function scenarioDocument(file: Record<string, unknown> | null, flags: LoadtestFlags): Record<string, unknown> {
  const doc: Record<string, unknown> = file ? { ...file } : { name: `greenline-${flags.class ?? 'mixed'}`, classes: [flags.class ?? 'mixed'] };
  if (file && flags.class) throw new ScenarioError('--class', 'give a scenario file or --class, not both');
  const classes = Object.keys(greenlineWorkload.classes);
  if (flags.class && !classes.includes(flags.class)) throw new ScenarioError('--class', `expected one of ${classes.join(', ')}`);
  if (flags.kind) doc.kind = flags.kind;
  if (flags.model) doc.model = flags.model;
  if (flags.rate !== undefined && flags.model === undefined) doc.model = 'open';
  if (flags.target) doc.target = flags.target;
  if (flags.apiKey) doc.apiKey = flags.apiKey;
  if (flags.workers) doc.workers = flags.workers;
  if (flags.connections) doc.connections = flags.connections;
  if (flags.think) doc.thinkTime = flags.think;
  if (flags.coCorrection === false) doc.coordinatedOmissionCorrection = false;
  const level = flags.users ?? flags.rate;
  if (level !== undefined || (!file && doc.kind !== 'capacity')) {
    const target = level ?? '10';
    const hold = { duration: flags.duration ?? '30s', target };
    doc.stages = flags.ramp ? [{ duration: flags.ramp, target }, hold, { duration: flags.ramp, target: 0 }] : [{ duration: 0, target }, hold];
  } else if (flags.duration || flags.ramp) {
    throw new ScenarioError('--duration', 'with a scenario file, give --users (or --rate) too: the three replace its stages');
  }
  const thresholds = { ...((doc.thresholds as Record<string, unknown> | undefined) ?? {}) };
  if (flags.p95) thresholds.p95 = flags.p95;
  if (flags.p99) thresholds.p99 = flags.p99;
  if (flags.maxErrorRate) thresholds.errorRate = flags.maxErrorRate;
  if (flags.minThroughput) thresholds.minThroughput = flags.minThroughput;
  if (Object.keys(thresholds).length) doc.thresholds = thresholds;
  return doc;
}

async function loadScenario(file: string | undefined, flags: LoadtestFlags, config: Pick<Config, 'serverUrl' | 'apiKey'>): Promise<Scenario> {
  let raw: Record<string, unknown> | null = null;
  if (file) {
    const text = await readFile(file, 'utf8').catch((err: Error) => {
      throw new ScenarioError(file, `cannot read: ${err.message}`);
    });
    let parsed: unknown;
    try {
      parsed = parseYaml(text);
    } catch (err) {
      throw new ScenarioError(file, `not valid YAML: ${(err as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ScenarioError(file, 'expected a mapping at the top');
    raw = parsed as Record<string, unknown>;
  }
  // The whole environment: `${NAME}` in a scenario file may name any variable.
  return scenarioFromObject(scenarioDocument(raw, flags), process.env, { workload: greenlineWorkload, target: config.serverUrl, apiKey: config.apiKey });
}

export async function runLoadtestCommand(file: string | undefined, flags: LoadtestFlags): Promise<number> {
  let scenario: Scenario;
  try {
    scenario = await loadScenario(file, flags, loadConfig());
  } catch (err) {
    if (err instanceof ScenarioError || err instanceof ConfigError) {
      console.error(`greenline loadtest: ${err.message}`);
      return 2;
    }
    throw err;
  }
  const tty = process.stderr.isTTY === true && flags.progress !== false;
  const total = scenario.kind === 'capacity' ? null : Math.ceil(totalDurationMs(scenario.stages) / 1000);
  let lastPrinted = 0;
  const onPoint =
    flags.progress === false
      ? undefined
      : (p: Parameters<typeof progressLine>[0]) => {
          const line = progressLine(p, total, scenario.model);
          if (tty) process.stderr.write(`\r\x1b[2K${line}`);
          else if (p.t + 1 - lastPrinted >= 10) {
            lastPrinted = p.t + 1;
            process.stderr.write(`${line}\n`);
          }
        };
  const log = (line: string) => process.stderr.write(`${tty ? '\r\x1b[2K' : ''}${line}\n`);
  log(
    `greenline loadtest: ${scenario.name} (${scenario.kind}, ${scenario.model} model) against ${scenario.target}${scenario.workers > 1 ? ` with ${scenario.workers} worker threads` : ''}`,
  );
  let result: Awaited<ReturnType<typeof runScenario>>;
  try {
    result = await runScenario(scenario, { onPoint, log, workload: greenlineWorkload });
  } catch (err) {
    log(`greenline loadtest: ${(err as Error).message}`);
    return 2;
  }
  if (tty) process.stderr.write('\r\x1b[2K');
  console.log(renderSummary(result));
  if (flags.json) {
    await writeFile(flags.json, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`  results: ${flags.json}`);
  }
  if (flags.html) {
    await writeFile(flags.html, renderHtmlReport(result));
    console.log(`  report: ${flags.html}`);
  }
  return result.passed ? 0 : 1;
}
