/**
 * Supplier matching in process (issue 18; pure domain, no database): N generated canonical companies
 * (`greenline gen suppliers`, N = SUPPLIERS_BENCH_COMPANIES, default 100,000; 1,000,000 works) in a
 * SupplierIndex, M generated mentions with their truth (`gen supplier-mentions`, M =
 * SUPPLIERS_BENCH_MENTIONS, default 100,000), seed SUPPLIERS_BENCH_SEED (default 7).
 * - quality, printed by setup from one pass: precision of auto-matches, recall of auto-match +
 *   review, the threshold curve, and the same for test/fixtures/suppliers-hard-cases.jsonl (each
 *   case in a two-supplier index: its candidate and a distractor, as match.test.ts does);
 * - speed: the M mentions through matchMention on one thread, against an exact normalized-name
 *   lookup (a plain Map over the same companies) of the same mentions; the index build against
 *   building that Map. Build time and retained heap are printed by setup.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type SupplierIdentifier, SupplierIndex } from '../../src/domain/suppliers/blocking.ts';
import { companies, mentions, type SupplierMention } from '../../src/domain/suppliers/generate.ts';
import { type MatchResult, matchMention } from '../../src/domain/suppliers/match.ts';
import { normalizeName } from '../../src/domain/suppliers/normalize.ts';
import type { NormalizedName } from '../../src/domain/suppliers/types.ts';
import { retainedHeapBytes } from '../../src/perf/bench/heap.ts';
import { defineSuite } from '../../src/perf/bench/suite.ts';

const COMPANIES = Number(process.env.SUPPLIERS_BENCH_COMPANIES ?? 100_000);
const MENTIONS = Number(process.env.SUPPLIERS_BENCH_MENTIONS ?? 100_000);
const SEED = Number(process.env.SUPPLIERS_BENCH_SEED ?? 7);
const HARD_CASES = resolve(import.meta.dirname, '../../test/fixtures/suppliers-hard-cases.jsonl');
/** The curve's auto-match thresholds; 85 is the default and is checked against the statuses matchMention gave. */
const CURVE = [50, 60, 70, 75, 80, 85, 90, 95];
const DEFAULT_AUTO = 85;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

interface Company {
  id: string;
  name: NormalizedName;
  country: string;
  identifiers: SupplierIdentifier[];
}

/**
 * What the curve needs of one answer: the best candidate's confidence and whether it is the truth,
 * and whether a threshold t would still hold it back (ties: see matchMention's status rules).
 */
interface Outcome {
  positive: boolean;
  best: number;
  correct: boolean;
  /** Exact or identifier answer tied with another supplier: never automatic. */
  tiedExact: boolean;
  /** Fuzzy best: the runner-up's confidence (auto at t is held back when it is ≥ t and within 2 points); −1 otherwise. */
  runnerUp: number;
}

function outcomeOf(result: MatchResult, truth: string | null): Outcome {
  const [best, second] = result.candidates;
  if (best === undefined) return { positive: truth !== null, best: -1, correct: false, tiedExact: false, runnerUp: -1 };
  return {
    positive: truth !== null,
    best: best.confidence,
    correct: best.id === truth,
    tiedExact: best.rule !== 'fuzzy' && second !== undefined && second.confidence === best.confidence,
    runnerUp: best.rule === 'fuzzy' && second !== undefined ? second.confidence : -1,
  };
}

/** matchMention's `matched` status at auto-match threshold t (no rejected pairs here). */
const autoAt = (o: Outcome, t: number) => o.best >= t && !o.tiedExact && !(o.runnerUp >= t && o.best - o.runnerUp < 2);

interface CurvePoint {
  threshold: number;
  matched: number;
  right: number;
  precision: number;
  recall: number;
}

function curve(outcomes: readonly Outcome[], thresholds: readonly number[]): CurvePoint[] {
  const positives = outcomes.filter((o) => o.positive).length;
  return thresholds.map((threshold) => {
    let matched = 0;
    let right = 0;
    for (const o of outcomes) {
      if (!autoAt(o, threshold)) continue;
      matched++;
      if (o.correct) right++;
    }
    return { threshold, matched, right, precision: matched === 0 ? 1 : right / matched, recall: right / positives };
  });
}

/** Auto precision and recall at the default threshold, and recall of auto + review, from the statuses themselves. */
interface Quality {
  mentions: number;
  positives: number;
  matched: number;
  matchedRight: number;
  found: number;
  precision: number;
  autoRecall: number;
  recall: number;
}

function quality(results: readonly { status: MatchResult['status']; bestId: string | null; truth: string | null }[]): Quality {
  let positives = 0;
  let matched = 0;
  let matchedRight = 0;
  let found = 0;
  for (const r of results) {
    const right = r.truth !== null && r.bestId === r.truth;
    if (r.truth !== null) positives++;
    if (r.status === 'matched') {
      matched++;
      if (right) matchedRight++;
    }
    if (r.status !== 'no_match' && right) found++;
  }
  return {
    mentions: results.length,
    positives,
    matched,
    matchedRight,
    found,
    precision: matched === 0 ? 1 : matchedRight / matched,
    autoRecall: matchedRight / positives,
    recall: found / positives,
  };
}

const printQuality = (label: string, q: Quality, targets = true) =>
  console.error(
    `  ${label}: ${fmt(q.mentions)} mentions (${fmt(q.positives)} with a truth); auto ${fmt(q.matched)}, ${fmt(q.matched - q.matchedRight)} wrong → ` +
      `precision ${q.precision.toFixed(4)}${targets ? ' (target ≥ 0.99)' : ''}, auto recall ${q.autoRecall.toFixed(4)}; ` +
      `auto + review recall ${q.recall.toFixed(4)}${targets ? ' (target ≥ 0.97)' : ''}`,
  );

function printCurve(points: readonly CurvePoint[]): void {
  console.error('  threshold curve (auto-matches at t; ties held back as matchMention does):');
  console.error('    t    auto      wrong  precision  recall');
  for (const p of points) {
    console.error(
      `    ${String(p.threshold).padEnd(4)} ${fmt(p.matched).padStart(8)} ${fmt(p.matched - p.right).padStart(7)}  ${p.precision.toFixed(4).padStart(9)}  ${p.recall.toFixed(4)}`,
    );
  }
}

interface HardCase {
  mention: string;
  mention_country: string | null;
  candidate: string;
  candidate_country: string | null;
  same: boolean;
  why: string;
}

/** The hand-written cases, each against its candidate and a distractor (the next case's candidate whose name differs from both). */
function hardCases(): void {
  const cases = readFileSync(HARD_CASES, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as HardCase);
  const results: { status: MatchResult['status']; bestId: string | null; truth: string | null }[] = [];
  const outcomes: Outcome[] = [];
  const failures: string[] = [];
  for (const [i, c] of cases.entries()) {
    const avoid = new Set([normalizeName(c.candidate).normalized, normalizeName(c.mention).normalized]);
    let d = cases[(i + 1) % cases.length]!;
    for (let k = 2; avoid.has(normalizeName(d.candidate).normalized); k++) d = cases[(i + k) % cases.length]!;
    const index = new SupplierIndex();
    index.add({ id: 'candidate', name: normalizeName(c.candidate), country: c.candidate_country });
    index.add({ id: 'distractor', name: normalizeName(d.candidate), country: d.candidate_country });
    const result = matchMention(index, { name: c.mention, country: c.mention_country });
    const truth = c.same ? 'candidate' : null;
    results.push({ status: result.status, bestId: result.best?.id ?? null, truth });
    outcomes.push(outcomeOf(result, truth));
    const right = c.same && result.best?.id === 'candidate';
    if ((result.status === 'matched' && !right) || (c.same && result.status !== 'matched')) {
      failures.push(`${result.status} ${result.candidates[0]?.confidence ?? '-'}: ${c.mention} | ${c.candidate}`);
    }
  }
  printQuality(`hard cases (${HARD_CASES.split('/').slice(-3).join('/')})`, quality(results));
  console.error(
    `    curve: ${curve(outcomes, CURVE)
      .map((p) => `${p.threshold}: ${p.right}/${p.matched}`)
      .join(', ')} (right/auto)`,
  );
  for (const f of failures) console.error(`    not auto-matched right: ${f}`);
}

interface Ctx {
  companies: Company[];
  index: SupplierIndex;
  /** The baseline: normalized name → id (the first company holding it). */
  byName: Map<string, string>;
  mentions: SupplierMention[];
}

function buildIndex(list: readonly Company[]): SupplierIndex {
  const index = new SupplierIndex();
  for (const c of list) index.add(c);
  return index;
}

function buildMap(list: readonly Company[]): Map<string, string> {
  const byName = new Map<string, string>();
  for (const c of list) if (!byName.has(c.name.normalized)) byName.set(c.name.normalized, c.id);
  return byName;
}

const matchInput = (m: SupplierMention) => ({ name: m.name, country: m.country, lei: m.lei, duns: m.duns });

/** One timed pass over the mentions: ms and mentions per second. */
function timedPass(ctx: Ctx, one: (m: SupplierMention) => unknown): { samples: number[]; ops: number } {
  let sink = 0;
  const started = performance.now();
  for (const m of ctx.mentions) if (one(m)) sink++;
  const ms = performance.now() - started;
  if (sink < 0) throw new Error('unreachable');
  return { samples: [ms], ops: (ctx.mentions.length / ms) * 1000 };
}

/** Rounds' mentions/s, printed as they come, so the median of the rounds is in the log. */
function rateLog(label: string): (r: { samples: number[]; ops: number }) => { samples: number[]; ops: number } {
  const rates: number[] = [];
  return (r) => {
    rates.push(r.ops);
    const sorted = [...rates].sort((a, b) => a - b);
    console.error(
      `  ${label}: ${fmt(r.ops)} mentions/s (${(r.samples[0]! / 1000).toFixed(2)} s); median of ${rates.length}: ${fmt(sorted[(sorted.length - 1) >> 1]!)}`,
    );
    return r;
  };
}
const matchRate = rateLog('matchMention');
const lookupRate = rateLog('exact-name Map lookup');

export default defineSuite({
  name: 'app-suppliers',
  kind: 'app',
  setup(): Ctx {
    console.error(`  ${fmt(COMPANIES)} companies, ${fmt(MENTIONS)} mentions, seed ${SEED}`);
    const raw = [...companies(SEED, COMPANIES)];
    const heapBefore = retainedHeapBytes();
    let started = performance.now();
    const list: Company[] = raw.map((c) => ({
      id: c.id,
      name: normalizeName(c.name),
      country: c.country,
      identifiers: [...(c.lei ? [{ scheme: 'lei' as const, value: c.lei }] : []), ...(c.duns ? [{ scheme: 'duns' as const, value: c.duns }] : [])],
    }));
    const normalizeMs = performance.now() - started;
    const heapNames = retainedHeapBytes();
    started = performance.now();
    const index = buildIndex(list);
    const buildMs = performance.now() - started;
    const heapIndex = retainedHeapBytes();
    const byName = buildMap(list);
    const heapMap = retainedHeapBytes();
    console.error(
      `  names normalized in ${fmt(normalizeMs)} ms (+${fmt((heapNames - heapBefore) / 1e6)} MB); SupplierIndex built in ${fmt(buildMs)} ms, ` +
        `+${fmt((heapIndex - heapNames) / 1e6)} MB retained (${fmt(index.vocabularySize)} tokens); the Map +${fmt((heapMap - heapIndex) / 1e6)} MB`,
    );

    started = performance.now();
    const mentionList = [...mentions(SEED, MENTIONS, COMPANIES)];
    console.error(`  mentions generated in ${fmt(performance.now() - started)} ms`);

    // The quality pass, also the warm-up of the speed benchmark: one answer per mention, each timed.
    const results: { status: MatchResult['status']; bestId: string | null; truth: string | null }[] = [];
    const baselineResults: typeof results = [];
    const outcomes: Outcome[] = [];
    const latencies = new Float64Array(mentionList.length);
    for (const [i, m] of mentionList.entries()) {
      const t = performance.now();
      const result = matchMention(index, matchInput(m));
      latencies[i] = performance.now() - t;
      results.push({ status: result.status, bestId: result.best?.id ?? null, truth: m.truth });
      outcomes.push(outcomeOf(result, m.truth));
      const exact = byName.get(normalizeName(m.name).normalized) ?? null;
      baselineResults.push({ status: exact === null ? 'no_match' : 'matched', bestId: exact, truth: m.truth });
    }
    latencies.sort();
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(3);
    console.error(`  per mention: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${latencies[latencies.length - 1]!.toFixed(1)} ms`);

    const q = quality(results);
    printQuality('generated set', q);
    const points = curve(outcomes, CURVE);
    // The curve replays the status rules from the candidates: at the default threshold it must agree with the statuses.
    const atDefault = points.find((p) => p.threshold === DEFAULT_AUTO)!;
    if (atDefault.matched !== q.matched || atDefault.right !== q.matchedRight) {
      throw new Error(
        `threshold curve at ${DEFAULT_AUTO}: ${atDefault.right}/${atDefault.matched} right/auto, matchMention's statuses: ${q.matchedRight}/${q.matched}`,
      );
    }
    printCurve(points);
    printQuality('baseline, exact normalized name only', quality(baselineResults), false);
    hardCases();
    return { companies: list, index, byName, mentions: mentionList };
  },
  benchmarks: [
    {
      name: `matchMention, ${fmt(MENTIONS)} generated mentions against ${fmt(COMPANIES)} companies, one thread vs exact normalized-name Map lookup`,
      rounds: 3,
      // setup's quality pass matched every mention once already
      warmupRounds: 0,
      run: async (ctx) => matchRate(timedPass(ctx, (m) => matchMention(ctx.index, matchInput(m)).best)),
      baseline: async (ctx) => lookupRate(timedPass(ctx, (m) => ctx.byName.get(normalizeName(m.name).normalized))),
    },
    {
      name: `SupplierIndex build, ${fmt(COMPANIES)} normalized companies vs a Map of their names`,
      rounds: 3,
      warmupRounds: 1,
      run: async (ctx) => {
        const started = performance.now();
        const built = buildIndex(ctx.companies).size;
        const ms = performance.now() - started;
        if (built !== ctx.companies.length) throw new Error(`SupplierIndex holds ${built} suppliers, expected ${ctx.companies.length}`);
        return [ms];
      },
      baseline: async (ctx) => {
        const started = performance.now();
        const map = buildMap(ctx.companies);
        const ms = performance.now() - started;
        if (map.size === 0) throw new Error('the name Map is empty');
        return [ms];
      },
    },
  ],
});
