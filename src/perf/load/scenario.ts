/**
 * Scenario files (YAML): what to load, how (closed or open model, stages), who (user classes with
 * weights, think time and weighted actions) and the SLO gates. Parsed and validated here at the
 * boundary, so a bad file fails with the field that is wrong; the engine only sees `Scenario`.
 * Built-in actions (`use:`) and classes (`builtin:`) are those of the workload given, if any.
 */
import { parse as parseYaml } from 'yaml';
import type { Stage } from './stages.ts';
import type { Workload } from './workload.ts';

export const SCENARIO_KINDS = ['sustained', 'spike', 'capacity', 'endurance'] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];
export const LOAD_MODELS = ['closed', 'open'] as const;
export type LoadModel = (typeof LOAD_MODELS)[number];

export interface HttpAction {
  kind: 'http';
  name: string;
  weight: number;
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  /** Statuses that count as success; default any 2xx or 304. */
  expect?: number[];
}

/** One of the workload's built-in actions: it builds the requests (see workload.ts). */
export interface WorkloadAction {
  kind: 'workload';
  name: string;
  weight: number;
  /** One of the workload's `actions`. */
  use: string;
  /** The action's settings named in the workload's `actionSettings`, when the scenario gives any. */
  settings?: Record<string, number>;
}

export type ActionDef = HttpAction | WorkloadAction;

export interface UserClass {
  name: string;
  /** Share of the users (closed model) or of the arrivals (open model). */
  weight: number;
  /** Pause after each answer, drawn uniformly in [min, max] ms (closed model only). */
  thinkMs: { min: number; max: number };
  actions: ActionDef[];
}

export interface Thresholds {
  p95Ms?: number;
  p99Ms?: number;
  /** Fraction 0–1 of requests that failed (status not expected, network error, dropped). */
  errorRate?: number;
  /** Requests per second over the measured window. */
  minThroughput?: number;
}

export interface Scenario {
  name: string;
  kind: ScenarioKind;
  model: LoadModel;
  target: string;
  /** Sent as `Authorization: Bearer <key>` unless headers set authorization themselves. */
  apiKey: string | null;
  headers: Record<string, string>;
  stages: Stage[];
  classes: UserClass[];
  /** Open model: connections the generator may open (requests in flight beyond them queue). */
  connections: number;
  /** Open model: arrivals still unsent when this many are in flight are dropped (counted as errors). */
  maxInFlight: number;
  /** Open model: latency from each request's due time (coordinated omission corrected). */
  fromDueTime: boolean;
  /** Not counted in the totals and gates (still in the per-second series). */
  warmupMs: number;
  workers: number;
  thresholds: Thresholds;
  spike: { windowSeconds: number; maxRecoveryMs: number | null };
  capacity: { start: number; step: number; stepDurationMs: number; max: number };
  endurance: { metricsPath: string; metric: string; sampleEveryMs: number; maxGrowth: number; settleMs: number };
  seed: number;
}

export class ScenarioError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'ScenarioError';
  }
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "250ms", "30s", "5m", "1h30m", or a number of milliseconds. */
export function parseDuration(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
    const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
    if (parts.length > 0 && parts.map((p) => p[0]).join('') === text) return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0);
  }
  throw new ScenarioError(field, `expected a duration like 500ms, 30s, 5m or 1h, got ${JSON.stringify(value)}`);
}

/** "1%", "0.01" or 0.01. */
export function parseFraction(value: unknown, field: string): number {
  const n = typeof value === 'string' && value.trim().endsWith('%') ? Number(value.trim().slice(0, -1)) / 100 : Number(value);
  if (value === null || value === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new ScenarioError(field, `expected a fraction 0–1 or a percentage like 1%, got ${JSON.stringify(value)}`);
  return n;
}

function num(value: unknown, field: string, min: number, integer = false): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new ScenarioError(field, `expected ${integer ? 'an integer' : 'a number'} ≥ ${min}, got ${JSON.stringify(value)}`);
  }
  return n;
}

function str(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ScenarioError(field, `expected a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

function obj(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ScenarioError(field, 'expected a mapping');
  return value as Record<string, unknown>;
}

function only(o: Record<string, unknown>, field: string, allowed: readonly string[]): void {
  const stray = Object.keys(o).find((k) => !allowed.includes(k));
  if (stray) throw new ScenarioError(field ? `${field}.${stray}` : stray, `unknown setting; expected one of ${allowed.join(', ')}`);
}

function oneOf<T extends string>(value: unknown, field: string, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value))
    throw new ScenarioError(field, `expected one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

/** `${NAME}` and `${NAME:-default}` in every string value, from `env`. */
export function expandEnv(value: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, fallback: string | undefined) => env[name] ?? fallback ?? '');
  }
  if (Array.isArray(value)) return value.map((v) => expandEnv(v, env));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, env)]));
  return value;
}

/** "100ms", "100ms..500ms", or { min, max }. */
function parseThink(value: unknown, field: string): { min: number; max: number } {
  if (value === undefined) return { min: 0, max: 0 };
  if (typeof value === 'string' && value.includes('..')) {
    const [a, b] = value.split('..');
    const t = { min: parseDuration(a, field), max: parseDuration(b, field) };
    if (t.max < t.min) throw new ScenarioError(field, 'the upper bound is below the lower');
    return t;
  }
  if (typeof value === 'object' && value !== null) {
    const o = obj(value, field);
    only(o, field, ['min', 'max']);
    const t = { min: parseDuration(o.min ?? 0, `${field}.min`), max: parseDuration(o.max ?? o.min ?? 0, `${field}.max`) };
    if (t.max < t.min) throw new ScenarioError(field, 'max is below min');
    return t;
  }
  const d = parseDuration(value, field);
  return { min: d, max: d };
}

/** What a scenario is read with besides its text. */
export interface ScenarioOptions {
  /** Gives the built-in actions and classes; without one, a scenario has plain HTTP actions only. */
  workload?: Workload | null;
  /** The origin when the scenario names none. */
  target?: string;
  /** The API key when the scenario names none. */
  apiKey?: string | null;
}

function builtinClass(workload: Workload | null | undefined, name: string): UserClass | null {
  if (!workload || !Object.hasOwn(workload.classes, name)) return null;
  const actions = workload.classes[name]!.actions.map(({ use, weight }): WorkloadAction => ({ kind: 'workload', name: use, weight, use }));
  return { name, weight: 1, thinkMs: { min: 0, max: 0 }, actions };
}

function parseAction(raw: unknown, field: string, workload: Workload | null | undefined): ActionDef {
  const o = obj(raw, field);
  const weight = num(o.weight ?? 1, `${field}.weight`, 0);
  if (o.use !== undefined) {
    if (!workload) throw new ScenarioError(`${field}.use`, 'there are no built-in actions here: give a method and path');
    only(o, field, ['use', 'weight', 'name', ...workload.actionSettings]);
    const use = oneOf(o.use, `${field}.use`, workload.actions);
    const settings: Record<string, number> = {};
    for (const name of workload.actionSettings) if (o[name] !== undefined) settings[name] = num(o[name], `${field}.${name}`, 1, true);
    return {
      kind: 'workload',
      name: o.name === undefined ? use : str(o.name, `${field}.name`),
      weight,
      use,
      ...(Object.keys(settings).length > 0 ? { settings } : {}),
    };
  }
  only(o, field, ['name', 'weight', 'method', 'path', 'body', 'headers', 'expect']);
  const method = (o.method === undefined ? 'GET' : str(o.method, `${field}.method`)).toUpperCase();
  const path = str(o.path, `${field}.path`);
  if (!path.startsWith('/')) throw new ScenarioError(`${field}.path`, 'must start with /');
  const action: HttpAction = {
    kind: 'http',
    name: o.name === undefined ? `${method} ${path.split('?')[0]}` : str(o.name, `${field}.name`),
    weight,
    method,
    path,
  };
  if (o.body !== undefined) action.body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
  if (o.headers !== undefined)
    action.headers = Object.fromEntries(Object.entries(obj(o.headers, `${field}.headers`)).map(([k, v]) => [k.toLowerCase(), String(v)]));
  if (action.body !== undefined && typeof o.body !== 'string' && !action.headers?.['content-type'])
    action.headers = { ...action.headers, 'content-type': 'application/json' };
  if (o.expect !== undefined) {
    const list = Array.isArray(o.expect) ? o.expect : [o.expect];
    action.expect = list.map((s, i) => num(s, `${field}.expect[${i}]`, 100, true));
  }
  return action;
}

function parseClass(raw: unknown, field: string, defaultThink: { min: number; max: number }, workload: Workload | null | undefined): UserClass {
  if (typeof raw === 'string') {
    const base = builtinClass(workload, raw);
    if (!base) throw new ScenarioError(field, `unknown built-in class "${raw}"`);
    return { ...base, thinkMs: defaultThink };
  }
  const o = obj(raw, field);
  if (o.builtin !== undefined) {
    only(o, field, ['builtin', 'weight', 'thinkTime', 'name']);
    const name = str(o.builtin, `${field}.builtin`);
    const base = builtinClass(workload, name);
    if (!base) throw new ScenarioError(`${field}.builtin`, `unknown built-in class "${name}"`);
    return {
      ...base,
      name: o.name === undefined ? base.name : str(o.name, `${field}.name`),
      weight: num(o.weight ?? 1, `${field}.weight`, 0),
      thinkMs: o.thinkTime === undefined ? defaultThink : parseThink(o.thinkTime, `${field}.thinkTime`),
    };
  }
  only(o, field, ['name', 'weight', 'thinkTime', 'actions']);
  if (!Array.isArray(o.actions) || o.actions.length === 0) throw new ScenarioError(`${field}.actions`, 'expected a non-empty list');
  const actions = o.actions.map((a, i) => parseAction(a, `${field}.actions[${i}]`, workload));
  if (actions.every((a) => a.weight === 0)) throw new ScenarioError(`${field}.actions`, 'at least one action needs a weight above 0');
  return {
    name: str(o.name, `${field}.name`),
    weight: num(o.weight ?? 1, `${field}.weight`, 0),
    thinkMs: o.thinkTime === undefined ? defaultThink : parseThink(o.thinkTime, `${field}.thinkTime`),
    actions,
  };
}

function parseStages(raw: unknown, field: string, model: LoadModel): Stage[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new ScenarioError(field, 'expected a non-empty list of { duration, target }');
  return raw.map((s, i) => {
    const o = obj(s, `${field}[${i}]`);
    only(o, `${field}[${i}]`, ['duration', 'target']);
    return { durationMs: parseDuration(o.duration, `${field}[${i}].duration`), target: num(o.target, `${field}[${i}].target`, 0, model === 'closed') };
  });
}

export const SCENARIO_DEFAULTS = {
  connections: 100,
  maxInFlight: 10_000,
  spike: { windowSeconds: 3, maxRecoveryMs: null },
  capacity: { start: 10, step: 10, stepDurationMs: 10_000, max: 1_000 },
  /** `metric` is the workload's `memoryMetric` when it has one. */
  endurance: { metricsPath: '/metrics', metric: 'process_resident_memory_bytes', sampleEveryMs: 5_000, maxGrowth: 0.05, settleMs: 30_000 },
} as const;

/**
 * A validated scenario from a parsed YAML document (already an object); `env` fills the
 * document's `${NAME}` references.
 */
export function scenarioFromObject(input: unknown, env: Record<string, string | undefined> = {}, options: ScenarioOptions = {}): Scenario {
  const o = obj(expandEnv(input, env), '(scenario)');
  only(o, '', [
    'name',
    'kind',
    'model',
    'target',
    'apiKey',
    'headers',
    'stages',
    'thinkTime',
    'classes',
    'connections',
    'maxInFlight',
    'coordinatedOmissionCorrection',
    'warmup',
    'workers',
    'thresholds',
    'spike',
    'capacity',
    'endurance',
    'seed',
  ]);
  const kind = o.kind === undefined ? 'sustained' : oneOf(o.kind, 'kind', SCENARIO_KINDS);
  const model = o.model === undefined ? 'closed' : oneOf(o.model, 'model', LOAD_MODELS);
  if (o.target === undefined && options.target === undefined) throw new ScenarioError('target', 'expected the origin to load, like http://127.0.0.1:3000');
  const target = str(o.target ?? options.target, 'target').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(target))
    throw new ScenarioError('target', `expected an origin like http://127.0.0.1:3000 (paths go in actions), got "${target}"`);
  const defaultThink = parseThink(o.thinkTime, 'thinkTime');
  if (!Array.isArray(o.classes) || o.classes.length === 0) {
    const builtins = options.workload ? ` (or built-in names: ${Object.keys(options.workload.classes).join(', ')})` : '';
    throw new ScenarioError('classes', `expected a non-empty list of user classes${builtins}`);
  }
  const classes = o.classes.map((c, i) => parseClass(c, `classes[${i}]`, defaultThink, options.workload));
  if (classes.every((c) => c.weight === 0)) throw new ScenarioError('classes', 'at least one class needs a weight above 0');
  const names = new Set<string>();
  for (const c of classes) {
    if (names.has(c.name)) throw new ScenarioError('classes', `two classes are named "${c.name}"`);
    names.add(c.name);
  }
  // Capacity runs build their own steps from `capacity`; the others need stages.
  const stages = kind === 'capacity' && o.stages === undefined ? [] : parseStages(o.stages, 'stages', model);

  const t = o.thresholds === undefined ? {} : obj(o.thresholds, 'thresholds');
  only(t, 'thresholds', ['p95', 'p99', 'errorRate', 'minThroughput']);
  const thresholds: Thresholds = {};
  if (t.p95 !== undefined) thresholds.p95Ms = parseDuration(t.p95, 'thresholds.p95');
  if (t.p99 !== undefined) thresholds.p99Ms = parseDuration(t.p99, 'thresholds.p99');
  if (t.errorRate !== undefined) thresholds.errorRate = parseFraction(t.errorRate, 'thresholds.errorRate');
  if (t.minThroughput !== undefined) thresholds.minThroughput = num(t.minThroughput, 'thresholds.minThroughput', 0);

  const sp = o.spike === undefined ? {} : obj(o.spike, 'spike');
  only(sp, 'spike', ['window', 'maxRecovery']);
  const cap = o.capacity === undefined ? {} : obj(o.capacity, 'capacity');
  only(cap, 'capacity', ['start', 'step', 'stepDuration', 'max']);
  const en = o.endurance === undefined ? {} : obj(o.endurance, 'endurance');
  only(en, 'endurance', ['metricsPath', 'metric', 'sampleEvery', 'maxGrowth', 'settle']);
  const d = SCENARIO_DEFAULTS;
  const capacity = {
    start: cap.start === undefined ? d.capacity.start : num(cap.start, 'capacity.start', 1, model === 'closed'),
    step: cap.step === undefined ? d.capacity.step : num(cap.step, 'capacity.step', 1, model === 'closed'),
    stepDurationMs: cap.stepDuration === undefined ? d.capacity.stepDurationMs : parseDuration(cap.stepDuration, 'capacity.stepDuration'),
    max: cap.max === undefined ? d.capacity.max : num(cap.max, 'capacity.max', 1, model === 'closed'),
  };
  if (kind === 'capacity' && thresholds.p95Ms === undefined && thresholds.p99Ms === undefined && thresholds.errorRate === undefined) {
    throw new ScenarioError('thresholds', 'a capacity run steps up until an SLO breaks: give p95, p99 or errorRate');
  }
  if (kind === 'spike' && thresholds.p95Ms === undefined && thresholds.p99Ms === undefined && thresholds.errorRate === undefined) {
    throw new ScenarioError('thresholds', 'a spike run measures the time to recover to the SLO: give p95, p99 or errorRate');
  }
  const headers = o.headers === undefined ? {} : Object.fromEntries(Object.entries(obj(o.headers, 'headers')).map(([k, v]) => [k.toLowerCase(), String(v)]));
  const apiKey = o.apiKey === undefined || o.apiKey === '' ? (options.apiKey ?? null) : str(o.apiKey, 'apiKey');
  return {
    name: o.name === undefined ? 'loadtest' : str(o.name, 'name'),
    kind,
    model,
    target,
    apiKey: apiKey || null,
    headers,
    stages,
    classes,
    connections: o.connections === undefined ? d.connections : num(o.connections, 'connections', 1, true),
    maxInFlight: o.maxInFlight === undefined ? d.maxInFlight : num(o.maxInFlight, 'maxInFlight', 1, true),
    fromDueTime: o.coordinatedOmissionCorrection === undefined ? true : o.coordinatedOmissionCorrection === true,
    warmupMs: o.warmup === undefined ? 0 : parseDuration(o.warmup, 'warmup'),
    workers: o.workers === undefined ? 1 : num(o.workers, 'workers', 1, true),
    thresholds,
    spike: {
      windowSeconds: sp.window === undefined ? d.spike.windowSeconds : Math.max(1, Math.round(parseDuration(sp.window, 'spike.window') / 1000)),
      maxRecoveryMs: sp.maxRecovery === undefined ? d.spike.maxRecoveryMs : parseDuration(sp.maxRecovery, 'spike.maxRecovery'),
    },
    capacity,
    endurance: {
      metricsPath: en.metricsPath === undefined ? d.endurance.metricsPath : str(en.metricsPath, 'endurance.metricsPath'),
      metric: en.metric === undefined ? (options.workload?.memoryMetric ?? d.endurance.metric) : str(en.metric, 'endurance.metric'),
      sampleEveryMs: en.sampleEvery === undefined ? d.endurance.sampleEveryMs : Math.max(100, parseDuration(en.sampleEvery, 'endurance.sampleEvery')),
      maxGrowth: en.maxGrowth === undefined ? d.endurance.maxGrowth : parseFraction(en.maxGrowth, 'endurance.maxGrowth'),
      settleMs: en.settle === undefined ? d.endurance.settleMs : parseDuration(en.settle, 'endurance.settle'),
    },
    seed: o.seed === undefined ? 1 : num(o.seed, 'seed', 0, true),
  };
}

/** Parses a YAML scenario file's text. */
export function parseScenario(text: string, env: Record<string, string | undefined> = {}, options: ScenarioOptions = {}): Scenario {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ScenarioError('(file)', `not valid YAML: ${(err as Error).message}`);
  }
  return scenarioFromObject(doc, env, options);
}
