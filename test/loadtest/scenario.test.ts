/** Scenario files: parsing, defaults, built-in classes, and errors that name the field. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioDocument } from '../../src/cli/loadtest.ts';
import { assignClasses } from '../../src/perf/load/engine.ts';
import { greenlineWorkload, MIXED_WEIGHTS } from '../../src/perf/greenline-workload.ts';
import { parseDuration, parseFraction, parseScenario, ScenarioError, scenarioFromObject } from '../../src/perf/load/scenario.ts';

const DIR = resolve(import.meta.dirname, '../../loadtest');
/** What `greenline loadtest` reads scenarios with. */
const GREENLINE = { workload: greenlineWorkload, target: 'http://127.0.0.1:3000' };

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScenarioError) return err.field;
    throw err;
  }
  throw new Error('expected a ScenarioError');
}

describe('scenario files', () => {
  it('parses every scenario shipped in loadtest/', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) {
      const s = parseScenario(readFileSync(join(DIR, f), 'utf8'), { GREENLINE_API_KEY: 'k' }, GREENLINE);
      expect(s.name).toBe(f.replace(/\.yaml$/, ''));
    }
  });

  it('reads stages, classes with think time, thresholds and env references', () => {
    const s = parseScenario(
      `
name: t
target: \${URL:-http://localhost:4000}
apiKey: \${KEY}
stages:
  - { duration: 10s, target: 5 }
  - { duration: 1m, target: 5 }
  - { duration: 500ms, target: 0 }
classes:
  - { builtin: mixed, weight: 3, thinkTime: 100ms..300ms }
  - name: custom
    actions:
      - { method: post, path: /x, body: { a: 1 }, expect: [200, 409] }
thresholds: { p95: 250ms, p99: 1s, errorRate: 0.5%, minThroughput: 20 }
`,
      { KEY: 'secret' },
      GREENLINE,
    );
    expect(s.target).toBe('http://localhost:4000');
    expect(s.apiKey).toBe('secret');
    expect(s.stages).toEqual([
      { durationMs: 10_000, target: 5 },
      { durationMs: 60_000, target: 5 },
      { durationMs: 500, target: 0 },
    ]);
    expect(s.classes[0]).toMatchObject({ name: 'mixed', weight: 3, thinkMs: { min: 100, max: 300 } });
    expect(s.classes[0]!.actions.map((a) => [a.name, a.weight])).toEqual(Object.entries(MIXED_WEIGHTS));
    expect(s.classes[1]!.actions[0]).toEqual({
      kind: 'http',
      name: 'POST /x',
      weight: 1,
      method: 'POST',
      path: '/x',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
      expect: [200, 409],
    });
    expect(s.thresholds).toEqual({ p95Ms: 250, p99Ms: 1000, errorRate: 0.005, minThroughput: 20 });
    expect(s).toMatchObject({ kind: 'sustained', model: 'closed', fromDueTime: true, workers: 1 });
  });

  it('names the field that is wrong', () => {
    const base = { target: 'http://x:1', stages: [{ duration: '1s', target: 1 }], classes: ['mixed'] };
    const greenline = (o: object) => scenarioFromObject(o, {}, GREENLINE);
    expect(fieldOf(() => greenline({ ...base, kind: 'soak' }))).toBe('kind');
    expect(fieldOf(() => greenline({ ...base, stages: [{ duration: 'ten', target: 1 }] }))).toBe('stages[0].duration');
    expect(fieldOf(() => greenline({ ...base, stages: [{ duration: '1s', target: 1.5 }] }))).toBe('stages[0].target');
    expect(fieldOf(() => greenline({ ...base, classes: ['nobody'] }))).toBe('classes[0]');
    expect(fieldOf(() => greenline({ ...base, classes: [{ name: 'c', actions: [{ path: 'no-slash' }] }] }))).toBe('classes[0].actions[0].path');
    expect(fieldOf(() => greenline({ ...base, classes: [{ name: 'c', actions: [{ use: 'everything' }] }] }))).toBe('classes[0].actions[0].use');
    expect(fieldOf(() => greenline({ ...base, classes: [{ name: 'c', actions: [{ use: 'batch', batchSize: 0 }] }] }))).toBe('classes[0].actions[0].batchSize');
    expect(fieldOf(() => greenline({ ...base, classes: [{ name: 'c', actions: [{ use: 'batch', rows: 5 }] }] }))).toBe('classes[0].actions[0].rows');
    expect(fieldOf(() => greenline({ ...base, target: 'http://x:1/v1' }))).toBe('target');
    expect(fieldOf(() => greenline({ ...base, thresholds: { p50: '1s' } }))).toBe('thresholds.p50');
    expect(fieldOf(() => greenline({ ...base, thresholds: { errorRate: '150%' } }))).toBe('thresholds.errorRate');
    expect(fieldOf(() => greenline({ ...base, surprise: 1 }))).toBe('surprise');
    // Spike and capacity runs are defined by an SLO.
    expect(fieldOf(() => greenline({ ...base, kind: 'capacity' }))).toBe('thresholds');
    expect(fieldOf(() => greenline({ ...base, kind: 'spike' }))).toBe('thresholds');
    expect(fieldOf(() => parseScenario('a: [1'))).toBe('(file)');
  });

  it('knows built-in classes and actions only from the workload it is given', () => {
    const base = { target: 'http://x:1', stages: [{ duration: '1s', target: 1 }] };
    expect(fieldOf(() => scenarioFromObject({ ...base, classes: ['mixed'] }))).toBe('classes[0]');
    expect(fieldOf(() => scenarioFromObject({ ...base, classes: [{ builtin: 'batch' }] }))).toBe('classes[0].builtin');
    expect(fieldOf(() => scenarioFromObject({ ...base, classes: [{ name: 'c', actions: [{ use: 'batch' }] }] }))).toBe('classes[0].actions[0].use');
    const s = scenarioFromObject({ ...base, classes: [{ name: 'c', actions: [{ use: 'batch', batchSize: 100, weight: 2 }] }] }, {}, GREENLINE);
    expect(s.classes[0]!.actions).toEqual([{ kind: 'workload', name: 'batch', weight: 2, use: 'batch', settings: { batchSize: 100 } }]);
    // Its memory metric is the endurance default; without a workload, the Prometheus client's name.
    expect(scenarioFromObject({ ...base, classes: ['batch'] }, {}, GREENLINE).endurance.metric).toBe('greenline_process_resident_memory_bytes');
    expect(scenarioFromObject({ ...base, classes: [{ name: 'c', actions: [{ path: '/' }] }] }).endurance.metric).toBe('process_resident_memory_bytes');
  });

  it('takes the target and API key a scenario leaves out from the caller, not from the environment', () => {
    const doc = { stages: [{ duration: '1s', target: 1 }], classes: [{ name: 'c', actions: [{ path: '/' }] }] };
    const env = { GREENLINE_URL: 'http://from-env:1', GREENLINE_API_KEY: 'from-env' };
    expect(fieldOf(() => scenarioFromObject(doc, env))).toBe('target');
    expect(scenarioFromObject(doc, env, { target: 'http://127.0.0.1:4100/', apiKey: 'k' })).toMatchObject({ target: 'http://127.0.0.1:4100', apiKey: 'k' });
    expect(scenarioFromObject({ ...doc, target: 'http://t:2', apiKey: 'own' }, env, { target: 'http://127.0.0.1:4100', apiKey: 'k' })).toMatchObject({
      target: 'http://t:2',
      apiKey: 'own',
    });
    expect(scenarioFromObject(doc, env, { target: 'http://127.0.0.1:4100' }).apiKey).toBeNull();
  });

  it('reads durations and fractions', () => {
    expect(parseDuration('1h30m', 'x')).toBe(5_400_000);
    expect(parseDuration('250ms', 'x')).toBe(250);
    expect(parseDuration(1500, 'x')).toBe(1500);
    expect(() => parseDuration('5 minutes', 'x')).toThrow(ScenarioError);
    expect(parseFraction('1%', 'x')).toBeCloseTo(0.01);
    expect(parseFraction(0.2, 'x')).toBe(0.2);
  });

  it('builds a scenario from CLI flags around a built-in class', () => {
    const s = scenarioFromObject(scenarioDocument(null, { class: 'batch', users: '8', duration: '20s', ramp: '5s', p95: '300ms' }), {}, GREENLINE);
    expect(s.classes.map((c) => c.name)).toEqual(['batch']);
    expect(s.stages).toEqual([
      { durationMs: 5_000, target: 8 },
      { durationMs: 20_000, target: 8 },
      { durationMs: 5_000, target: 0 },
    ]);
    expect(s.thresholds).toEqual({ p95Ms: 300 });
    const open = scenarioFromObject(scenarioDocument(null, { rate: '50', coCorrection: false }), {}, GREENLINE);
    expect(open).toMatchObject({
      model: 'open',
      fromDueTime: false,
      stages: [
        { durationMs: 0, target: 50 },
        { durationMs: 30_000, target: 50 },
      ],
    });
    expect(() => scenarioDocument({ classes: ['mixed'] }, { duration: '5s' })).toThrow(ScenarioError);
    expect(() => scenarioDocument(null, { class: 'nobody' })).toThrow('--class: expected one of calculation, batch, supplier-reads, reporting, mixed');
  });

  it('assigns users to classes in their weights, for any prefix of the users', () => {
    const classes = assignClasses([60, 20, 10, 10], 100);
    const count = (n: number, c: number) => classes.slice(0, n).filter((x) => x === c).length;
    expect([0, 1, 2, 3].map((c) => count(100, c))).toEqual([60, 20, 10, 10]);
    expect([0, 1, 2, 3].map((c) => count(10, c))).toEqual([6, 2, 1, 1]);
    expect(assignClasses([1], 3)).toEqual([0, 0, 0]);
  });
});
