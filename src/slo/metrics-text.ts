/**
 * A scrape of the app's own /metrics as an SLO source, for `greenline slo status` without a
 * Prometheus server. Counters and histograms count from process start, so one scrape is one
 * window: "since the process started". Pure: the CLI fetches the text.
 */
import type { Counts } from './budget.ts';
import type { Sli } from './definitions.ts';
import { type Labels, matchesAll } from './selector.ts';

export interface Sample {
  readonly name: string;
  readonly labels: Labels;
  readonly value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

/** Prometheus text exposition format 0.0.4: comments skipped, label escapes (\\ \" \n) decoded. */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const name = NAME.exec(line)?.[0];
    if (!name) throw new Error(`/metrics line ${i + 1}: no metric name in ${JSON.stringify(line)}`);
    let at = name.length;
    const labels: Record<string, string> = {};
    if (line[at] === '{') at = readLabels(line, at + 1, labels, i + 1);
    const [value] = line.slice(at).trim().split(/\s+/);
    samples.push({ name, labels, value: parseValue(value ?? '', i + 1) });
  });
  return samples;
}

/** Reads `a="x",b="y"}` from `at`; returns the index after the closing brace. */
function readLabels(line: string, at: number, into: Record<string, string>, lineNo: number): number {
  const fail = () => new Error(`/metrics line ${lineNo}: cannot read the labels of ${JSON.stringify(line)}`);
  let i = at;
  while (line[i] !== '}') {
    const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"/.exec(line.slice(i));
    if (!m) throw fail();
    i += m[0].length;
    let value = '';
    for (; line[i] !== '"'; i++) {
      if (i >= line.length) throw fail();
      if (line[i] === '\\') {
        i++;
        value += line[i] === 'n' ? '\n' : line[i];
      } else value += line[i];
    }
    into[m[1]!] = value;
    i++;
    while (line[i] === ' ' || line[i] === ',') i++;
    if (i >= line.length) throw fail();
  }
  return i + 1;
}

/** As Go's ParseFloat, which Prometheus uses: Inf and NaN in any case (prom-client writes `Nan`). */
function parseValue(s: string, lineNo: number): number {
  if (/^[+-]?inf(inity)?$/i.test(s)) return s.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^nan$/i.test(s)) return Number.NaN;
  const v = Number(s);
  if (s === '' || Number.isNaN(v)) throw new Error(`/metrics line ${lineNo}: ${JSON.stringify(s)} is not a sample value`);
  return v;
}

function sum(samples: readonly Sample[], name: string, keep: (s: Sample) => boolean): number {
  let total = 0;
  for (const s of samples) if (s.name === name && keep(s)) total += s.value;
  return total;
}

/**
 * An SLI's counts in one scrape. A throughput SLI has one sample at most: the last finished
 * batch's rows/s, once some batch work has been counted since the process started.
 */
export function countsFromSamples(sli: Sli, samples: readonly Sample[]): Counts {
  if (sli.type === 'ratio') {
    return {
      total: sum(samples, sli.counter, (s) => matchesAll(sli.total, s.labels)),
      bad: sum(samples, sli.counter, (s) => matchesAll(sli.bad, s.labels)),
    };
  }
  if (sli.type === 'latency') {
    const total = sum(samples, `${sli.histogram}_count`, (s) => matchesAll(sli.selector, s.labels));
    const good = sum(samples, `${sli.histogram}_bucket`, (s) => Number(s.labels.le) === sli.threshold && matchesAll(sli.selector, s.labels));
    return { total, bad: total - good };
  }
  const worked = sum(samples, sli.activityCounter, () => true) > 0;
  const rates = samples.filter((s) => s.name === sli.gauge).map((s) => s.value);
  if (!worked || rates.length === 0) return { total: 0, bad: 0 };
  return { total: 1, bad: Math.min(...rates) < sli.minPerSecond ? 1 : 0 };
}
