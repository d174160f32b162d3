/**
 * PromQL label matchers (`{method="GET", route=~"/v1/factors.*"}`). The SLO file writes its
 * selectors in PromQL's own syntax so they read the same there and in the generated rules; this
 * module parses them, renders them back, and evaluates them on label sets in process (for a
 * /metrics scrape and the rolling windows), with PromQL's semantics: regexes are anchored at both
 * ends and a missing label matches as the empty string.
 */

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  readonly label: string;
  readonly op: MatchOp;
  readonly value: string;
  /** Compiled once, for `=~` and `!~`. */
  readonly re?: RegExp;
}

export type Labels = Readonly<Record<string, string>>;

// One matcher and what follows it: a comma or the closing brace (left for the caller).
const MATCHER = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(?:,|(?=\}))/y;

/** Parses `{…}` (or an empty string, meaning no matchers). Throws with what is wrong and where. */
export function parseSelector(text: string): Matcher[] {
  const s = text.trim();
  if (s === '' || s === '{}') return [];
  if (!s.startsWith('{') || !s.endsWith('}'))
    throw new Error(`${JSON.stringify(text)} is not a selector: write label matchers in braces, e.g. {route=~"/v1/.*"}`);
  const matchers: Matcher[] = [];
  MATCHER.lastIndex = 1;
  while (MATCHER.lastIndex < s.length - 1) {
    const at = MATCHER.lastIndex;
    const m = MATCHER.exec(s);
    if (!m) throw new Error(`${JSON.stringify(text)}: cannot read a matcher at "${s.slice(at, -1).trim()}" (expected label="value", !=, =~ or !~)`);
    const label = m[1]!;
    const op = m[2] as MatchOp;
    const raw = m[3]!;
    let value: string;
    try {
      // PromQL strings take Go's escapes; for the ones a selector needs (\" \\ \n) JSON agrees.
      value = JSON.parse(`"${raw}"`) as string;
    } catch {
      throw new Error(`${JSON.stringify(text)}: bad escape in the value of ${label} (write \\\\ for a backslash)`);
    }
    matchers.push(compile(label, op, value, text));
  }
  return matchers;
}

function compile(label: string, op: MatchOp, value: string, text: string): Matcher {
  if (op === '=' || op === '!=') return { label, op, value };
  try {
    return { label, op, value, re: new RegExp(`^(?:${value})$`) };
  } catch (err) {
    throw new Error(`${JSON.stringify(text)}: the regex for ${label} does not compile: ${(err as Error).message}`);
  }
}

/** `{a="x",b=~"y"}`; an empty list renders as nothing, so `metric` + selector stays valid PromQL. */
export function renderSelector(matchers: readonly Matcher[]): string {
  if (matchers.length === 0) return '';
  return `{${matchers.map((m) => `${m.label}${m.op}${JSON.stringify(m.value)}`).join(',')}}`;
}

export function matchesAll(matchers: readonly Matcher[], labels: Labels): boolean {
  for (const m of matchers) {
    const v = labels[m.label] ?? '';
    const ok = m.op === '=' ? v === m.value : m.op === '!=' ? v !== m.value : m.re!.test(v) === (m.op === '=~');
    if (!ok) return false;
  }
  return true;
}
