/**
 * The SLO file (slo/slos.yaml): its types, and reading it with every problem reported at once,
 * each naming its field (`slos[3].threshold: …`), because an SLO file that loads but measures
 * nothing (a misspelt label, a threshold between two buckets) would look healthy for ever.
 * docs/observability.md#slos describes the file.
 */
import { parse as parseYaml } from 'yaml';
import { METRICS, type MetricType } from './catalogue.ts';
import { parseSeconds, parseWindow } from './duration.ts';
import { type Matcher, parseSelector } from './selector.ts';

export const COMPONENTS = ['api', 'database', 'cache', 'batch'] as const;
export type Component = (typeof COMPONENTS)[number];

export const KINDS = ['availability', 'error_rate', 'latency', 'throughput'] as const;
export type SloKind = (typeof KINDS)[number];

/** Events from one counter: `total` selects the events, `bad` the failed ones among them. */
export interface RatioSli {
  readonly type: 'ratio';
  readonly counter: string;
  readonly total: readonly Matcher[];
  /** `total`'s matchers plus the file's `bad` ones. */
  readonly bad: readonly Matcher[];
}

/** Observations of a histogram; bad when slower than `threshold` (a bucket bound), seconds. */
export interface LatencySli {
  readonly type: 'latency';
  readonly histogram: string;
  readonly selector: readonly Matcher[];
  readonly threshold: number;
}

/**
 * Batch throughput samples, bad below `minPerSecond`. The gauge holds the rows/s of the most
 * recently finished batch; a sample is taken only while `activityCounter` grows (batch work in
 * the last few minutes), so idle hours neither help nor hurt.
 */
export interface ThroughputSli {
  readonly type: 'throughput';
  readonly gauge: string;
  readonly activityCounter: string;
  readonly minPerSecond: number;
}

export type Sli = RatioSli | LatencySli | ThroughputSli;

export interface Slo {
  readonly name: string;
  readonly component: Component;
  readonly kind: SloKind;
  readonly description: string;
  readonly routeGroup: string | null;
  /** Share of good events (or samples) the SLO promises, 0 < objective < 1. */
  readonly objective: number;
  /** Compliance window, seconds. */
  readonly window: number;
  readonly sli: Sli;
}

/**
 * One multi-window alert condition: both windows burn faster than `burn`, for at least `for`
 * (Prometheus's `for:`; 0 when the file gives none). Windows and `for` in seconds.
 */
export interface BurnCondition {
  readonly long: number;
  readonly short: number;
  readonly burn: number;
  readonly for: number;
}

export interface Policy {
  /** Budget remaining above this: healthy. */
  readonly healthyAbove: number;
  /** Budget remaining below this: critical; in between: warning. */
  readonly criticalBelow: number;
  /** Requests a ratio SLO's window must hold before it leaves "no data" (4 requests, 1 failed, is not a burnt budget). */
  readonly minEvents: number;
}

/** `policy.min_events` when the SLO file does not say. */
export const DEFAULT_MIN_EVENTS = 30;

export interface ScoreWeights {
  readonly budgetWeight: number;
  readonly burnWeight: number;
  /** The window whose burn rate the score's burn term reads, seconds. */
  readonly burnWindow: number;
}

export interface RouteGroup {
  readonly name: string;
  readonly description: string;
  readonly selector: readonly Matcher[];
}

export interface SloConfig {
  readonly policy: Policy;
  readonly alerting: { readonly page: readonly BurnCondition[]; readonly ticket: readonly BurnCondition[] };
  readonly score: ScoreWeights;
  readonly routeGroups: readonly RouteGroup[];
  readonly slos: readonly Slo[];
}

export class SloConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source} is not a valid SLO file:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SloConfigError';
  }
}

type Raw = Record<string, unknown>;

/** Collects problems; `at` reads one field and turns a thrown Error into a problem naming it. */
class Problems {
  readonly list: string[] = [];
  at<T>(path: string, read: () => T): T | undefined {
    try {
      return read();
    } catch (err) {
      this.list.push(`${path}: ${(err as Error).message}`);
      return undefined;
    }
  }
}

const MISSING = 'is missing';

function mapping(v: unknown): Raw {
  if (v === undefined) throw new Error(MISSING);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('must be a mapping (key: value lines)');
  return v as Raw;
}

/** A mapping; keys other than `allowed` are reported (a misspelt optional field would otherwise be ignored) and the rest is still read. */
function object(p: Problems, path: string, v: unknown, allowed: readonly string[]): Raw {
  const o = mapping(v);
  const unknown = Object.keys(o).filter((k) => !allowed.includes(k));
  if (unknown.length) p.list.push(`${path}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (allowed: ${allowed.join(', ')})`);
  return o;
}

function list(v: unknown): unknown[] {
  if (v === undefined) throw new Error(MISSING);
  if (!Array.isArray(v) || v.length === 0) throw new Error('must be a non-empty list');
  return v;
}

function text(v: unknown): string {
  if (v === undefined) throw new Error(MISSING);
  if (typeof v !== 'string' || v.trim() === '') throw new Error('must be a non-empty string');
  return v;
}

function name(v: unknown): string {
  const s = text(v);
  // Becomes a label value and, capitalised, part of an alert name.
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(s)) throw new Error(`"${s}" must be lower-case words joined by hyphens, e.g. reads-latency-p95`);
  return s;
}

function oneOf<T extends string>(v: unknown, options: readonly T[]): T {
  if (v === undefined) throw new Error(`${MISSING} (one of ${options.join(', ')})`);
  if (!options.includes(v as T)) throw new Error(`must be one of ${options.join(', ')}; got ${JSON.stringify(v)}`);
  return v as T;
}

function number(v: unknown, ok: (n: number) => boolean, what: string): number {
  if (v === undefined) throw new Error(MISSING);
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw new Error(`must be ${what}; got ${JSON.stringify(v)}`);
  return v;
}

const positive = (v: unknown, what = 'a positive number') => number(v, (n) => n > 0, what);
const fraction = (v: unknown) => number(v, (n) => n > 0 && n < 1, 'a fraction between 0 and 1, exclusive (0.999, not 99.9)');
const weight = (v: unknown) => number(v, (n) => n >= 0 && n <= 1, 'a weight from 0 to 1');

function window(v: unknown): number {
  return parseWindow(text(v));
}

function metric(v: unknown, type: MetricType): string {
  const m = text(v);
  const info = METRICS[m];
  if (!info) throw new Error(`unknown metric ${m}; known: ${Object.keys(METRICS).join(', ')}`);
  if (info.type !== type) throw new Error(`${m} is a ${info.type}, a ${type} is needed here`);
  return m;
}

/** Throws unless `metricName` has every label the matchers use: `status="500"` on an HTTP metric is a typo for status_code. */
function checkLabels(matchers: readonly Matcher[], metricName: string | undefined): void {
  const labels = metricName ? METRICS[metricName]?.labels : undefined;
  const strange = labels ? matchers.filter((m) => !labels.includes(m.label)).map((m) => m.label) : [];
  if (strange.length) throw new Error(`${metricName} has no label ${strange.join(', ')} (its labels: ${labels!.join(', ') || 'none'})`);
}

function selectorOf(v: unknown, metricName: string | undefined): Matcher[] {
  const matchers = parseSelector(text(v));
  checkLabels(matchers, metricName);
  return matchers;
}

const TOP_KEYS = ['version', 'window', 'policy', 'alerting', 'score', 'route_groups', 'slos'];
const COMMON_KEYS = ['name', 'component', 'kind', 'description', 'objective', 'window', 'route_group'];
const KIND_KEYS: Record<SloKind, readonly string[]> = {
  availability: ['counter', 'total', 'bad'],
  error_rate: ['counter', 'total', 'bad'],
  latency: ['histogram', 'threshold', 'selector'],
  throughput: ['gauge', 'activity_counter', 'min_per_second'],
};

/** Parses and checks the SLO file's text; throws SloConfigError listing every problem. */
export function parseSloConfig(yamlText: string, source = 'slos.yaml'): SloConfig {
  let doc: unknown;
  try {
    doc = parseYaml(yamlText);
  } catch (err) {
    throw new SloConfigError(source, [`not YAML: ${(err as Error).message}`]);
  }
  const p = new Problems();
  const top = p.at('(top level)', () => object(p, '(top level)', doc, TOP_KEYS));
  if (!top) throw new SloConfigError(source, p.list);

  p.at('version', () => {
    if (top.version !== 1) throw new Error(`must be 1 (the only version there is); got ${JSON.stringify(top.version)}`);
  });
  const defaultWindow = p.at('window', () => window(top.window));
  const policy = p.at('policy', () => readPolicy(p, top.policy));
  const alerting = p.at('alerting', () => readAlerting(p, top.alerting));
  const score = p.at('score', () => readScore(p, top.score));
  const routeGroups = readRouteGroups(p, top.route_groups);
  const slos = (p.at('slos', () => list(top.slos)) ?? []).map((raw, i) => readSlo(p, raw, `slos[${i}]`, routeGroups, defaultWindow));

  const seen = new Set<string>();
  slos.forEach((slo, i) => {
    if (!slo) return;
    if (seen.has(slo.name)) p.list.push(`slos[${i}].name: "${slo.name}" is used twice`);
    seen.add(slo.name);
    if (alerting) checkReachable(p, slo, i, alerting.page);
  });

  if (p.list.length || !policy || !alerting || !score) throw new SloConfigError(source, p.list);
  return { policy, alerting, score, routeGroups: [...routeGroups.values()], slos: slos as Slo[] };
}

function readPolicy(p: Problems, raw: unknown): Policy | undefined {
  const o = object(p, 'policy', raw, ['healthy_above', 'critical_below', 'min_events']);
  const healthyAbove = p.at('policy.healthy_above', () => fraction(o.healthy_above));
  const criticalBelow = p.at('policy.critical_below', () => fraction(o.critical_below));
  const minEvents = p.at('policy.min_events', () =>
    o.min_events === undefined ? DEFAULT_MIN_EVENTS : number(o.min_events, (n) => Number.isInteger(n) && n >= 1, 'a whole number of events, 1 or more'),
  );
  if (healthyAbove === undefined || criticalBelow === undefined || minEvents === undefined) return undefined;
  if (criticalBelow >= healthyAbove) throw new Error(`critical_below (${criticalBelow}) must be below healthy_above (${healthyAbove})`);
  return { healthyAbove, criticalBelow, minEvents };
}

function readAlerting(p: Problems, raw: unknown): SloConfig['alerting'] | undefined {
  const o = object(p, 'alerting', raw, ['page', 'ticket']);
  const conditions = (severity: 'page' | 'ticket') =>
    (p.at(`alerting.${severity}`, () => list(o[severity])) ?? []).map((c, i) =>
      p.at(`alerting.${severity}[${i}]`, () => {
        const w = object(p, `alerting.${severity}[${i}]`, c, ['long', 'short', 'burn', 'for']);
        const long = p.at(`alerting.${severity}[${i}].long`, () => window(w.long));
        const short = p.at(`alerting.${severity}[${i}].short`, () => window(w.short));
        const holdFor = w.for === undefined ? 0 : p.at(`alerting.${severity}[${i}].for`, () => window(w.for));
        const burn = p.at(`alerting.${severity}[${i}].burn`, () =>
          // Paging at the sustainable rate (1×) or slower would page for an SLO that will be met.
          severity === 'page' ? number(w.burn, (n) => n > 1, 'above 1 for a page') : positive(w.burn),
        );
        if (long === undefined || short === undefined || burn === undefined || holdFor === undefined) return undefined;
        // The short window only confirms the burn is still going on; it must be the shorter one.
        if (short >= long) throw new Error(`short (${w.short}) must be shorter than long (${w.long})`);
        // Held for as long as the long window, the condition would say nothing the window does not.
        if (holdFor >= long) throw new Error(`for (${w.for}) must be shorter than long (${w.long})`);
        return { long, short, burn, for: holdFor };
      }),
    );
  const page = conditions('page');
  const ticket = conditions('ticket');
  if ([...page, ...ticket].some((c) => c === undefined) || page.length === 0 || ticket.length === 0) return undefined;
  return { page: page as BurnCondition[], ticket: ticket as BurnCondition[] };
}

function readScore(p: Problems, raw: unknown): ScoreWeights | undefined {
  const o = object(p, 'score', raw, ['budget_weight', 'burn_weight', 'burn_window']);
  const budgetWeight = p.at('score.budget_weight', () => weight(o.budget_weight));
  const burnWeight = p.at('score.burn_weight', () => weight(o.burn_weight));
  const burnWindow = p.at('score.burn_window', () => window(o.burn_window));
  if (budgetWeight === undefined || burnWeight === undefined || burnWindow === undefined) return undefined;
  // The score is a weighted mean scaled to 100; weights that do not add up to 1 would change its range.
  if (Math.abs(budgetWeight + burnWeight - 1) > 1e-9) throw new Error(`budget_weight + burn_weight must be 1; got ${budgetWeight + burnWeight}`);
  return { budgetWeight, burnWeight, burnWindow };
}

function readRouteGroups(p: Problems, raw: unknown): Map<string, RouteGroup> {
  const groups = new Map<string, RouteGroup>();
  const o = p.at('route_groups', () => mapping(raw));
  for (const [key, value] of Object.entries(o ?? {})) {
    const path = `route_groups.${key}`;
    const g = p.at(path, () => object(p, path, value, ['description', 'selector']));
    const groupName = p.at(path, () => name(key));
    const description = p.at(`${path}.description`, () => text(g?.description));
    const selector = p.at(`${path}.selector`, () => selectorOf(g?.selector, 'greenline_http_requests_total'));
    if (groupName && description && selector) groups.set(groupName, { name: groupName, description, selector });
  }
  return groups;
}

function readSlo(p: Problems, raw: unknown, path: string, groups: Map<string, RouteGroup>, defaultWindow: number | undefined): Slo | undefined {
  const kind = p.at(path, () => mapping(raw)) && p.at(`${path}.kind`, () => oneOf((raw as Raw).kind, KINDS));
  if (!kind) return undefined;
  const o = object(p, path, raw, [...COMMON_KEYS, ...KIND_KEYS[kind]]);
  const sloName = p.at(`${path}.name`, () => name(o.name));
  const component = p.at(`${path}.component`, () => oneOf(o.component, COMPONENTS));
  const description = p.at(`${path}.description`, () => text(o.description));
  const objective = p.at(`${path}.objective`, () => fraction(o.objective));
  const sloWindow = o.window === undefined ? defaultWindow : p.at(`${path}.window`, () => window(o.window));
  const group = o.route_group === undefined ? null : p.at(`${path}.route_group`, () => routeGroup(o.route_group, groups));
  const sli = readSli(p, o, path, kind, group ?? null);
  if (!sloName || !component || !description || objective === undefined || sloWindow === undefined || group === undefined || !sli) return undefined;
  return { name: sloName, component, kind, description, routeGroup: group?.name ?? null, objective, window: sloWindow, sli };
}

function routeGroup(v: unknown, groups: Map<string, RouteGroup>): RouteGroup {
  const g = groups.get(text(v));
  if (!g) throw new Error(`unknown route group ${JSON.stringify(v)}; known: ${[...groups.keys()].join(', ')}`);
  return g;
}

function readSli(p: Problems, o: Raw, path: string, kind: SloKind, group: RouteGroup | null): Sli | undefined {
  // A route group's matchers only make sense on a metric with the HTTP labels.
  const groupOn = (metricName: string | undefined) =>
    p.at(`${path}.route_group`, () => {
      checkLabels(group?.selector ?? [], metricName);
      return group?.selector ?? [];
    });
  if (kind === 'latency') {
    const histogram = p.at(`${path}.histogram`, () => metric(o.histogram, 'histogram'));
    const fromGroup = groupOn(histogram);
    const own = o.selector === undefined ? [] : p.at(`${path}.selector`, () => selectorOf(o.selector, histogram));
    const threshold = p.at(`${path}.threshold`, () => bucketBound(o.threshold, histogram));
    if (!histogram || !fromGroup || !own || threshold === undefined) return undefined;
    return { type: 'latency', histogram, selector: [...fromGroup, ...own], threshold };
  }
  if (kind === 'throughput') {
    if (group) p.list.push(`${path}.route_group: a throughput SLO counts batches, not requests; remove it`);
    const gauge = p.at(`${path}.gauge`, () => metric(o.gauge, 'gauge'));
    const activityCounter = p.at(`${path}.activity_counter`, () => metric(o.activity_counter, 'counter'));
    const minPerSecond = p.at(`${path}.min_per_second`, () => positive(o.min_per_second, 'a positive number of rows per second'));
    if (!gauge || !activityCounter || minPerSecond === undefined) return undefined;
    return { type: 'throughput', gauge, activityCounter, minPerSecond };
  }
  const counter = p.at(`${path}.counter`, () => metric(o.counter, 'counter'));
  const fromGroup = groupOn(counter);
  const total = o.total === undefined ? [] : p.at(`${path}.total`, () => selectorOf(o.total, counter));
  const bad = p.at(`${path}.bad`, () => {
    const matchers = selectorOf(o.bad, counter);
    if (matchers.length === 0) throw new Error('must select the failed events, e.g. {status_code=~"5.."}');
    return matchers;
  });
  if (!counter || !fromGroup || !total || !bad) return undefined;
  const all = [...fromGroup, ...total];
  return { type: 'ratio', counter, total: all, bad: [...all, ...bad] };
}

function bucketBound(v: unknown, histogram: string | undefined): number {
  const seconds = parseSeconds(v);
  const buckets = histogram ? METRICS[histogram]?.buckets : undefined;
  if (buckets && !buckets.includes(seconds)) {
    throw new Error(
      `${JSON.stringify(v)} is not a bucket bound of ${histogram}, so the histogram cannot count requests under it; use one of ${buckets.join(', ')} s`,
    );
  }
  return seconds;
}

/**
 * A page condition can only fire if its error ratio (burn × budget) can happen: at most every
 * event fails, a ratio of 1. With a 5% budget the 14.4× page needs a 72% error ratio; with 10%
 * it would need 144%, and the SLO would never page however broken it is.
 */
function checkReachable(p: Problems, slo: Slo, i: number, page: readonly BurnCondition[]): void {
  const fastest = Math.max(...page.map((c) => c.burn));
  const budget = 1 - slo.objective;
  if (fastest * budget > 1) {
    p.list.push(
      `slos[${i}].objective: ${slo.objective} leaves an error budget of ${+(budget * 100).toPrecision(6)}%, so the ${fastest}× page burn rate (an error ratio of ${+(fastest * budget * 100).toPrecision(6)}%) can never be reached; use an objective of at least ${+(1 - 1 / fastest).toPrecision(4)}`,
    );
  }
}
