import { describe, expect, it } from 'vitest';
import { LATENCY_BUCKETS as APP_BUCKETS } from '../../src/metrics/registry.ts';
import { LATENCY_BUCKETS } from '../../src/slo/catalogue.ts';
import { parseSloConfig, SloConfigError } from '../../src/slo/definitions.ts';
import { formatWindow, parseSeconds, parseWindow } from '../../src/slo/duration.ts';
import { loadSloConfig } from '../../src/slo/load.ts';
import { matchesAll, parseSelector, renderSelector } from '../../src/slo/selector.ts';
import { minimalFile } from './fixtures.ts';
import { ROUTES } from './promtool-scenarios.ts';

/** The problems parseSloConfig reports for the minimal file after `change`. */
function problems(change: Parameters<typeof minimalFile>[0]): readonly string[] {
  try {
    parseSloConfig(minimalFile(change));
  } catch (err) {
    if (err instanceof SloConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected an SloConfigError');
}

describe('slo/slos.yaml', () => {
  it('loads: SLOs for the API, database, cache and batch, every one with a unique name', async () => {
    const config = await loadSloConfig();
    expect(new Set(config.slos.map((s) => s.component))).toEqual(new Set(['api', 'database', 'cache', 'batch']));
    expect(new Set(config.slos.map((s) => s.name)).size).toBe(config.slos.length);
    expect(config.slos.map((s) => s.kind)).toEqual(expect.arrayContaining(['availability', 'error_rate', 'latency', 'throughput']));
  });

  it('has a p95 and a p99 latency SLO and an error-rate SLO for every route group', async () => {
    const config = await loadSloConfig();
    for (const group of config.routeGroups) {
      const mine = config.slos.filter((s) => s.routeGroup === group.name);
      expect(
        mine.filter((s) => s.kind === 'latency').map((s) => s.objective),
        group.name,
      ).toEqual([0.95, 0.99]);
      expect(
        mine.filter((s) => s.kind === 'error_rate'),
        group.name,
      ).toHaveLength(1);
    }
  });

  it('has route groups that each match one of the app’s routes at least', async () => {
    const config = await loadSloConfig();
    for (const group of config.routeGroups) {
      expect(
        ROUTES.some(([method, route]) => matchesAll(group.selector, { method, route, status_code: '200' })),
        group.name,
      ).toBe(true);
    }
  });

  it("checks thresholds against the same latency buckets as the app's histograms", () => {
    expect(LATENCY_BUCKETS).toEqual(APP_BUCKETS);
  });
});

describe('SLO file validation: each problem names its field', () => {
  it('reads the minimal file', () => {
    expect(parseSloConfig(minimalFile()).slos.map((s) => s.name)).toEqual(['api-availability', 'reads-latency-p95', 'batch-throughput']);
  });

  it('refuses an objective written as a percentage', () => {
    expect(problems((d) => (d.slos[0]!.objective = 99.9))).toEqual([
      'slos[0].objective: must be a fraction between 0 and 1, exclusive (0.999, not 99.9); got 99.9',
    ]);
  });

  it('refuses a latency threshold between two histogram buckets, listing the bounds', () => {
    expect(problems((d) => (d.slos[1]!.threshold = '30ms'))).toEqual([
      'slos[1].threshold: "30ms" is not a bucket bound of greenline_http_request_duration_seconds, so the histogram cannot count requests under it; use one of 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 s',
    ]);
  });

  it('refuses an unknown route group and names the known ones', () => {
    expect(problems((d) => (d.slos[1]!.route_group = 'read'))).toEqual(['slos[1].route_group: unknown route group "read"; known: reads']);
  });

  it('refuses a label the metric does not have (status for status_code)', () => {
    expect(problems((d) => (d.slos[0]!.bad = '{status="500"}'))).toEqual([
      'slos[0].bad: greenline_http_requests_total has no label status (its labels: method, route, status_code)',
    ]);
  });

  it('refuses a route group on an SLO whose metric has no HTTP labels', () => {
    expect(problems((d) => (d.slos[2]!.route_group = 'reads'))).toEqual(['slos[2].route_group: a throughput SLO counts batches, not requests; remove it']);
    expect(
      problems((d) => {
        Object.assign(d.slos[0]!, { counter: 'greenline_cache_operations_total', total: '{level="l2"}', bad: '{result="error"}', route_group: 'reads' });
      }),
    ).toEqual(['slos[0].route_group: greenline_cache_operations_total has no label method, route (its labels: cache, level, result)']);
  });

  it('refuses a misspelt field instead of ignoring it, and still checks the rest', () => {
    expect(
      problems((d) => {
        d.slos[0]!.objectve = 0.999;
        delete d.slos[0]!.objective;
      }),
    ).toEqual([
      'slos[0]: unknown field objectve (allowed: name, component, kind, description, objective, window, route_group, counter, total, bad)',
      'slos[0].objective: is missing',
    ]);
  });

  it('refuses a metric of the wrong type and an unknown one', () => {
    expect(problems((d) => (d.slos[1]!.histogram = 'greenline_http_requests_total'))).toEqual([
      'slos[1].histogram: greenline_http_requests_total is a counter, a histogram is needed here',
    ]);
    expect(problems((d) => (d.slos[0]!.counter = 'http_requests_total'))[0]).toMatch(
      /^slos\[0\]\.counter: unknown metric http_requests_total; known: greenline_/,
    );
  });

  it('refuses an objective whose error budget is too large for the page burn rate ever to be reached', () => {
    expect(problems((d) => (d.slos[2]!.objective = 0.9))).toEqual([
      'slos[2].objective: 0.9 leaves an error budget of 10%, so the 14.4× page burn rate (an error ratio of 144%) can never be reached; use an objective of at least 0.9306',
    ]);
  });

  it('refuses two SLOs with one name, and names that cannot become alert names', () => {
    expect(problems((d) => (d.slos[1]!.name = 'api-availability'))).toEqual(['slos[1].name: "api-availability" is used twice']);
    expect(problems((d) => (d.slos[1]!.name = 'Reads P95'))).toEqual([
      'slos[1].name: "Reads P95" must be lower-case words joined by hyphens, e.g. reads-latency-p95',
    ]);
  });

  it('refuses broken selectors: bad syntax, a regex that does not compile, a bad escape, no bad matcher', () => {
    expect(problems((d) => (d.slos[0]!.total = '{route=~/v1/}'))).toEqual([
      'slos[0].total: "{route=~/v1/}": cannot read a matcher at "route=~/v1/" (expected label="value", !=, =~ or !~)',
    ]);
    expect(problems((d) => (d.slos[0]!.total = '{route=~"(("}'))[0]).toMatch(/^slos\[0\]\.total: .*the regex for route does not compile/);
    expect(problems((d) => (d.slos[0]!.total = '{route=~"/v1\\.x"}'))[0]).toMatch(/^slos\[0\]\.total: .*bad escape in the value of route/);
    expect(problems((d) => (d.slos[0]!.bad = '{}'))).toEqual(['slos[0].bad: must select the failed events, e.g. {status_code=~"5.."}']);
  });

  it('refuses windows PromQL cannot use, a policy upside down, a page at the sustainable rate, weights not adding up to 1', () => {
    expect(
      problems((d) => {
        d.window = '1.5h';
        d.policy = { healthy_above: 0.2, critical_below: 0.5 };
        (d.alerting as { page: { burn: number }[] }).page[1]!.burn = 1;
        d.score = { budget_weight: 0.7, burn_weight: 0.5, burn_window: '1h' };
      }),
    ).toEqual([
      'window: "1.5h" is not a window: write a whole number and one unit, e.g. 5m, 1h, 30d',
      'policy: critical_below (0.5) must be below healthy_above (0.2)',
      'alerting.page[1].burn: must be above 1 for a page; got 1',
      'score: budget_weight + burn_weight must be 1; got 1.2',
    ]);
  });

  it("reads an alert condition's `for` (none when absent), and refuses one that is not a window or not shorter than the long window", async () => {
    expect(parseSloConfig(minimalFile()).alerting.page[0]).toEqual({ long: 3600, short: 300, burn: 14.4, for: 0 });
    expect((await loadSloConfig()).alerting).toEqual({
      page: [
        { long: 3600, short: 300, burn: 14.4, for: 120 },
        { long: 21_600, short: 1800, burn: 6, for: 900 },
      ],
      ticket: [
        { long: 86_400, short: 7200, burn: 3, for: 3600 },
        { long: 259_200, short: 21_600, burn: 1, for: 10_800 },
      ],
    });
    expect(
      problems((d) => {
        const alerting = d.alerting as Record<'page' | 'ticket', Record<string, unknown>[]>;
        alerting.page[0]!.for = '2 minutes';
        alerting.ticket[0]!.for = '1d';
      }),
    ).toEqual([
      'alerting.page[0].for: "2 minutes" is not a window: write a whole number and one unit, e.g. 5m, 1h, 30d',
      'alerting.ticket[0]: for (1d) must be shorter than long (1d)',
    ]);
  });

  it('reports every problem at once in the error message, under the file name', () => {
    const text = minimalFile((d) => {
      d.version = 2;
      d.slos[0]!.component = 'web';
      d.slos[1]!.kind = 'speed';
    });
    expect(() => parseSloConfig(text, 'slo/bad.yaml')).toThrow(
      [
        'slo/bad.yaml is not a valid SLO file:',
        '  - version: must be 1 (the only version there is); got 2',
        '  - slos[0].component: must be one of api, database, cache, batch; got "web"',
        '  - slos[1].kind: must be one of availability, error_rate, latency, throughput; got "speed"',
      ].join('\n'),
    );
  });

  it('refuses text that is not YAML', () => {
    expect(() => parseSloConfig('slos: [unclosed', 'x.yaml')).toThrow(/^x\.yaml is not a valid SLO file:\n {2}- not YAML: /);
  });
});

describe('label selectors', () => {
  it('render back to the PromQL they were read from', () => {
    const text = '{method="GET",route=~"/v1/(factors|suppliers)(/.*)?",status_code!~"5..",cache!="x"}';
    expect(renderSelector(parseSelector(text))).toBe(text);
    expect(renderSelector(parseSelector('{}'))).toBe('');
  });

  it('match with PromQL semantics: anchored regexes, a missing label reads as empty', () => {
    const m = parseSelector('{route=~"/v1/factors.*", status_code!~"5..", cache=""}');
    expect(matchesAll(m, { route: '/v1/factors/:id', status_code: '200' })).toBe(true);
    expect(matchesAll(m, { route: '/x/v1/factors', status_code: '200' })).toBe(false);
    expect(matchesAll(m, { route: '/v1/factors', status_code: '503' })).toBe(false);
    expect(matchesAll(m, { route: '/v1/factors', status_code: '5000' })).toBe(true);
    expect(matchesAll(m, { route: '/v1/factors', cache: 'l1' })).toBe(false);
  });
});

describe('durations', () => {
  it('reads windows as PromQL durations and names equal windows alike', () => {
    expect(parseWindow('30d')).toBe(2_592_000);
    expect(parseWindow('5m')).toBe(300);
    expect(formatWindow(3600)).toBe('1h');
    expect(formatWindow(parseWindow('60m'))).toBe('1h');
    expect(formatWindow(parseWindow('30d'))).toBe('30d');
    expect(() => parseWindow('0m')).toThrow(/not a window/);
  });

  it('reads thresholds to the exact bucket bound', () => {
    expect(parseSeconds('25ms')).toBe(0.025);
    expect(parseSeconds('0.5ms')).toBe(0.0005);
    expect(parseSeconds('2.5s')).toBe(2.5);
    expect(parseSeconds(0.1)).toBe(0.1);
    expect(() => parseSeconds('25 ms')).toThrow(/not a duration/);
  });
});
