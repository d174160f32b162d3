/**
 * Reading the docs as data, for test/docs-openapi.test.ts: Markdown tables and fenced blocks,
 * curl commands inside shell blocks, JSON examples with `…` elisions, and comparing an example's
 * keys with a real answer's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DocFile {
  /** Relative to the repository: README.md, docs/x.md. */
  file: string;
  text: string;
}

/** README.md and every docs/*.md, as they are now. */
export function readDocs(root: string): DocFile[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs].map((file) => ({ file, text: readFileSync(join(root, file), 'utf8') }));
}

/** 1-based line number of a character offset. */
export function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** The text of a `## heading` section, up to the next heading of the same or a higher level. */
export function section(text: string, heading: string): { body: string; offset: number } {
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const level = /^#+/.exec(heading)![0].length;
  const rest = text.slice(start + heading.length + 2);
  const next = new RegExp(`\\n#{1,${level}} `).exec(rest);
  return { body: rest.slice(0, next ? next.index : rest.length), offset: start + heading.length + 2 };
}

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** `GET /v1/factors/:id?q&limit=5` → method, path template with `{id}`, query names and given values. */
export interface RouteMention {
  method: string;
  path: string;
  query: Array<{ name: string; value: string | null }>;
  text: string;
  line: number;
}

export function parseMention(method: string, target: string, line: number): RouteMention {
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const path = rawPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
  const query =
    q < 0
      ? []
      : target
          .slice(q + 1)
          .split('&')
          .filter((p) => p !== '')
          .map((p) => {
            const eq = p.indexOf('=');
            return eq < 0 ? { name: p, value: null } : { name: p.slice(0, eq), value: p.slice(eq + 1) };
          });
  return { method, path, query, text: `${method} ${target}`, line };
}

/** Rows of the Markdown tables in `body` (header and separator rows left out), cells trimmed. */
export function tableRows(body: string, offset = 0): Array<{ cells: string[]; line: number; header: string[] }> {
  const rows: Array<{ cells: string[]; line: number; header: string[] }> = [];
  const lines = body.split('\n');
  let header: string[] | null = null;
  let at = offset;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const isRow = line.startsWith('|');
    if (!isRow) header = null;
    else if (!header) header = splitRow(line);
    else if (!/^\|[\s:|-]+\|$/.test(line)) rows.push({ cells: splitRow(line), line: at, header });
    at += line.length + 1;
  }
  return rows;
}

function splitRow(line: string): string[] {
  return line
    .slice(1, line.endsWith('|') ? -1 : undefined)
    .split('|')
    .map((c) => c.trim());
}

/** `` `GET /v1/x?a&b` `` mentions in a table cell. */
export function cellRoutes(cell: string, line: number): RouteMention[] {
  return [...cell.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`\s]*)`/g)].map((m) => parseMention(m[1]!, m[2]!, line));
}

export interface FencedBlock {
  lang: string;
  body: string;
  /** Line of the opening fence. */
  line: number;
  /** The HTML comment on the nearest non-blank line before the fence, if any. */
  marker: string | null;
}

export function fencedBlocks(text: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    let before = i - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    const comment = before >= 0 ? /^<!--\s*(.*?)\s*-->$/.exec(lines[before]!.trim()) : null;
    blocks.push({ lang: open[1]!, body: lines.slice(i + 1, end).join('\n'), line: i + 1, marker: comment ? comment[1]! : null });
    i = end;
  }
  return blocks;
}

export interface CurlCommand {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  /** `-d`/`--data`/`--data-raw` text; a `--data-binary @file` upload is `file` instead. */
  data: string | null;
  file: string | null;
  /** Line of `curl` in the block. */
  line: number;
}

const CURL_ARG_OPTIONS = new Set(['-X', '--request', '-H', '--header', '-d', '--data', '--data-raw', '--data-binary', '-o', '--output', '-u', '--user']);

/** The curl commands of a shell block: words split as the shell would (quotes, `\` continuations). */
export function curlCommands(body: string, firstLine: number): CurlCommand[] {
  const out: CurlCommand[] = [];
  for (const m of body.matchAll(/(?<![\w-])curl\s/g)) {
    const words = shellWords(body, m.index);
    let method: string | null = null;
    let url: string | null = null;
    let data: string | null = null;
    let file: string | null = null;
    const headers: Array<[string, string]> = [];
    for (let i = 1; i < words.length; i++) {
      const w = words[i]!;
      if (CURL_ARG_OPTIONS.has(w)) {
        const arg = words[++i] ?? '';
        if (w === '-X' || w === '--request') method = arg;
        else if (w === '-H' || w === '--header') {
          const colon = arg.indexOf(':');
          headers.push([arg.slice(0, colon).trim().toLowerCase(), arg.slice(colon + 1).trim()]);
        } else if (w.startsWith('-d') || w.startsWith('--data')) {
          if (arg.startsWith('@')) file = arg.slice(1);
          else data = arg;
        }
      } else if (!w.startsWith('-') && url === null) url = w;
    }
    if (url === null) continue;
    out.push({ method: method ?? (data !== null || file !== null ? 'POST' : 'GET'), url, headers, data, file, line: firstLine + lineAt(body, m.index) });
  }
  return out;
}

/** Shell words from `start` to the end of the command (an unquoted newline, `|`, `;`, `)`, `>`, `&&` or `#`). */
function shellWords(text: string, start: number): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '\n') {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const close = c === "'" ? text.indexOf("'", i + 1) : closingDoubleQuote(text, i + 1);
      if (close < 0) throw new Error(`unclosed ${c} in a shell command: ${text.slice(start, start + 80)}`);
      const inner = text.slice(i + 1, close);
      word = (word ?? '') + (c === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner);
      i = close;
      continue;
    }
    if (c === ' ' || c === '\t') {
      if (word !== null) words.push(word);
      word = null;
      continue;
    }
    if (c === '\n' || c === '|' || c === ';' || c === ')' || c === '>' || (c === '&' && text[i + 1] === '&') || (c === '#' && word === null)) break;
    word = (word ?? '') + c;
  }
  if (word !== null) words.push(word);
  return words;
}

function closingDoubleQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** The path and query of a curl URL (`localhost:3000/v1/x?a=1`, with or without a scheme). */
export function urlTarget(url: string): { path: string; search: URLSearchParams } {
  const parsed = new URL(/^https?:\/\//.test(url) ? url : `http://${url}`);
  return { path: decodeURIComponent(parsed.pathname), search: parsed.searchParams };
}

export const ELISION = '…';

/**
 * An example block as a value. A bare `…` (outside strings) stands for left-out members: in an
 * object it becomes the key `"…"`, in an array the item `"…"`. A fragment (`"name": {…}`) is read
 * as the object `{ "name": {…} }`.
 */
export function parseExample(body: string): unknown {
  let text = body.trim();
  if (text.startsWith('"')) text = `{${text}}`;
  let out = '';
  const stack: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const close = closingDoubleQuote(text, i + 1);
      out += text.slice(i, close + 1);
      i = close;
    } else if (c === '{' || c === '[') {
      stack.push(c);
      out += c;
    } else if (c === '}' || c === ']') {
      stack.pop();
      out += c;
    } else if (c === ELISION) {
      const valuePosition = stack[stack.length - 1] !== '{' || out.trimEnd().endsWith(':');
      out += valuePosition ? `"${ELISION}"` : `"${ELISION}": true`;
    } else out += c;
  }
  return JSON.parse(out);
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The example without its elision marks, and the JSON pointers of the objects and arrays that had one. */
export function stripElisions(value: unknown, pointer = ''): { clean: unknown; elided: Set<string> } {
  const elided = new Set<string>();
  const walk = (v: unknown, p: string): unknown => {
    if (Array.isArray(v)) {
      if (v.includes(ELISION)) elided.add(p);
      return v.filter((x) => x !== ELISION).map((x, i) => walk(x, `${p}/${i}`));
    }
    if (isObject(v)) {
      if (ELISION in v) elided.add(p);
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => k !== ELISION)
          .map(([k, x]) => [k, walk(x, `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`)]),
      );
    }
    return v;
  };
  return { clean: walk(value, pointer), elided };
}

/** Lower-case letters, digits and underscores, starting with a letter. */
export const SNAKE_CASE = /^[a-z][a-z0-9_]*$/;

/** `a.b[0].c`-style paths of keys that are not snake_case, at any depth; the values of `maps` keys are data, not names. */
export function nonSnakeKeys(value: unknown, maps: ReadonlySet<string>, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => nonSnakeKeys(v, maps, `${path}[${i}]`));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    if (k === ELISION) return [];
    const here = SNAKE_CASE.test(k) ? [] : [`${path}.${k}`];
    return maps.has(k) && isObject(v) ? here : [...here, ...nonSnakeKeys(v, maps, `${path}.${k}`)];
  });
}

/**
 * Where an example's keys differ from a real answer's: a key the example shows that the answer
 * lacks, or (unless the example elides members there with `…`) a key of the answer the example
 * leaves out; and values of another JSON type. Array items are compared with the answer's item
 * at the same index (or its last); `null` on either side and the values of `maps` keys are not compared.
 */
export function keyDifferences(example: unknown, real: unknown, maps: ReadonlySet<string>, path = '$'): string[] {
  if (example === null || real === null || real === undefined) return [];
  if (Array.isArray(example)) {
    if (!Array.isArray(real)) return [`${path}: an array in the example, ${typeName(real)} in the answer`];
    if (real.length === 0) return [];
    return example.filter((x) => x !== ELISION).flatMap((x, i) => keyDifferences(x, real[Math.min(i, real.length - 1)], maps, `${path}[${i}]`));
  }
  if (isObject(example)) {
    if (!isObject(real)) return [`${path}: an object in the example, ${typeName(real)} in the answer`];
    const shown = Object.keys(example).filter((k) => k !== ELISION);
    const problems = shown.filter((k) => !(k in real)).map((k) => `${path}.${k}: in the example, not in the answer`);
    if (!(ELISION in example))
      problems.push(
        ...Object.keys(real)
          .filter((k) => !(k in example))
          .map((k) => `${path}.${k}: in the answer, not in the example (add it, or elide with …)`),
      );
    for (const k of shown) {
      if (!(k in real) || (maps.has(k) && isObject(example[k]))) continue;
      problems.push(...keyDifferences(example[k], real[k], maps, `${path}.${k}`));
    }
    return problems;
  }
  if (typeof example === 'string' && example.includes(ELISION)) return [];
  return typeof example === typeof real ? [] : [`${path}: ${typeName(example)} in the example, ${typeName(real)} in the answer`];
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : isObject(v) ? 'an object' : `a ${typeof v}`;
}

/**
 * A schema that also refuses properties it does not name: `unevaluatedProperties: false` on
 * every object schema with `properties` (on an `allOf` as a whole, not on its parts, which see
 * only their own properties). Response schemas leave extra properties open; an example must not
 * invent fields.
 */
export function closedSchema(schema: unknown, inAllOf = false): unknown {
  if (Array.isArray(schema)) return schema.map((s) => closedSchema(s));
  if (!isObject(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'allOf' && Array.isArray(v)) out[k] = v.map((s) => closedSchema(s, true));
    else if (k === 'properties' && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, closedSchema(s)]));
    else out[k] = closedSchema(v);
  }
  const open = schema.additionalProperties === undefined && schema.unevaluatedProperties === undefined;
  if (open && !inAllOf && (schema.properties !== undefined || schema.allOf !== undefined)) out.unevaluatedProperties = false;
  return out;
}
