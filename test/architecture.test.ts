/**
 * The dependency rules of the architecture (docs: ARCHITECTURE.md, "Dependency direction"),
 * checked on the graph of relative module references in src/: `import … from`, `export … from`,
 * `import('…')` (expressions and `import('…').Type` annotations) and `new URL('…', import.meta.url)`
 * (how worker threads and forks name their entry files).
 *
 * Type-only references (`import type`, `export type`, `import('…').Type`) are edges like any other
 * for the cycle and layering rules: they load nothing at run time, but a cycle of types is still a
 * cycle for a reader, and a type from a layer above is still a dependency on it. Only the rule about
 * what a thread loads follows run-time edges alone. Note that under `verbatimModuleSyntax`
 * `import { type A } from './a.ts'` is kept as `import {} from './a.ts'`, so it does load './a.ts'.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

type EdgeKind = 'import' | 'export' | 'dynamic' | 'type' | 'url';

interface Edge {
  /** Paths relative to the repository root, with `/`. */
  from: string;
  to: string;
  kind: EdgeKind;
  /** Loads nothing at run time (`import type`, `export type`, `import('…').Type`). */
  typeOnly: boolean;
}

interface Reference {
  kind: EdgeKind;
  typeOnly: boolean;
  /** A path, or for a template literal with substitutions its fixed parts. */
  specifier: string | { head: string; tail: string };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const isRelative = (s: string) => s.startsWith('./') || s.startsWith('../');

function literal(node: ts.Node | undefined): Reference['specifier'] | null {
  if (node === undefined) return null;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return { head: node.head.text, tail: node.templateSpans.at(-1)!.literal.text };
  return null;
}

const isImportMetaUrl = (node: ts.Node | undefined) =>
  node !== undefined &&
  ts.isPropertyAccessExpression(node) &&
  ts.isMetaProperty(node.expression) &&
  node.expression.keywordToken === ts.SyntaxKind.ImportKeyword &&
  node.name.text === 'url';

/** Every module reference in one file's text. */
function referencesIn(fileName: string, text: string): Reference[] {
  const kind = fileName.endsWith('.mjs') || fileName.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const found: Reference[] = [];
  const add = (k: EdgeKind, typeOnly: boolean, node: ts.Node | undefined) => {
    const specifier = literal(node);
    if (specifier !== null) found.push({ kind: k, typeOnly, specifier });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add('import', node.importClause?.isTypeOnly === true, node.moduleSpecifier);
    else if (ts.isExportDeclaration(node)) add('export', node.isTypeOnly, node.moduleSpecifier);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add('dynamic', false, node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add('type', true, node.argument.literal);
    else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL' && isImportMetaUrl(node.arguments?.[1]))
      add('url', false, node.arguments?.[0]);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.filter((r) => (typeof r.specifier === 'string' ? isRelative(r.specifier) : isRelative(r.specifier.head)));
}

const toKey = (path: string) => relative(ROOT, path).split(sep).join('/');

/** The files a reference names: one path, or every file a template's fixed parts match. */
function resolveReference(from: string, specifier: Reference['specifier']): string[] {
  if (typeof specifier === 'string') {
    const path = resolve(dirname(from), specifier);
    if (existsSync(path)) return [path];
    const asTs = path.replace(/\.js$/, '.ts');
    return existsSync(asTs) ? [asTs] : [];
  }
  const prefix = resolve(dirname(from), specifier.head);
  const dir = specifier.head.endsWith('/') ? prefix : dirname(prefix);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((path) => path.startsWith(prefix) && path.endsWith(specifier.tail) && path.length >= prefix.length + specifier.tail.length);
}

interface Graph {
  files: string[];
  edges: Edge[];
  /** References that name no file: "src/a.ts: './b.ts'". */
  unresolved: string[];
}

function buildGraph(): Graph {
  const files = sourceFiles(join(ROOT, 'src')).sort();
  const edges: Edge[] = [];
  const unresolved: string[] = [];
  for (const file of files) {
    for (const r of referencesIn(file, readFileSync(file, 'utf8'))) {
      const targets = resolveReference(file, r.specifier);
      if (targets.length === 0) unresolved.push(`${toKey(file)}: ${JSON.stringify(r.specifier)}`);
      for (const target of targets) edges.push({ from: toKey(file), to: toKey(target), kind: r.kind, typeOnly: r.typeOnly });
    }
  }
  return { files: files.map(toKey), edges, unresolved };
}

function adjacency(edges: readonly Edge[], follow: (e: Edge) => boolean = () => true): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (!follow(e)) continue;
    const list = next.get(e.from) ?? [];
    if (!list.includes(e.to)) list.push(e.to);
    next.set(e.from, list);
  }
  return next;
}

/** The shortest path from `start` to `goal` along `next`, both ends included, or null. */
function shortestPath(next: Map<string, string[]>, start: string, goal: (node: string) => boolean, within?: Set<string>): string[] | null {
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    for (const to of next.get(node) ?? []) {
      if (within && !within.has(to)) continue;
      if (goal(to)) {
        const path = [to];
        for (let at: string | null = node; at !== null; at = parent.get(at)!) path.unshift(at);
        return path;
      }
      if (!parent.has(to)) {
        parent.set(to, node);
        queue.push(to);
      }
    }
  }
  return null;
}

/**
 * One cycle per strongly connected component (Tarjan), as "a → b → c → a": the shortest cycle
 * through the component's first module in sort order.
 */
function findCycles(next: Map<string, string[]>): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const connect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      components.push(component);
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) connect(v);
  return components
    .filter((c) => c.length > 1 || (next.get(c[0]!) ?? []).includes(c[0]!))
    .map((c) => {
      const members = new Set(c);
      const first = [...c].sort()[0]!;
      return shortestPath(next, first, (n) => n === first, members)!.join(' → ');
    })
    .sort();
}

const inside = (path: string, area: string) => (area.endsWith('.ts') ? path === area : path.startsWith(`${area}/`));

/** Edges from modules in `area` to modules in any of `forbidden`, as readable lines. */
function crossings(edges: readonly Edge[], area: string, forbidden: readonly string[]): string[] {
  return edges
    .filter((e) => inside(e.from, area) && forbidden.some((f) => inside(e.to, f)))
    .map((e) => `${e.from} → ${e.to}${e.typeOnly ? ' (type only)' : ''}`);
}

const graph = buildGraph();

describe('the import graph of src/', () => {
  it('reads every kind of reference, and every reference names a file', () => {
    expect(graph.unresolved).toEqual([]);
    const has = (from: string, to: string, kind: EdgeKind) => graph.edges.some((e) => e.from === from && e.to === to && e.kind === kind);
    // One known edge of each kind, so a parser that silently found nothing would fail here.
    expect(has('src/cli/main.ts', 'src/config.ts', 'import')).toBe(true);
    expect(has('src/cache/index.ts', 'src/cache/config.ts', 'export')).toBe(true);
    expect(has('src/calculate/worker/entry.mjs', 'src/calculate/worker/worker.ts', 'dynamic')).toBe(true);
    expect(has('src/cli/main.ts', 'src/cli/dashboard.ts', 'type')).toBe(true);
    expect(has('src/perf/load/run.ts', 'src/perf/load/worker-entry.mjs', 'url')).toBe(true);
    expect(has('src/perf/bench/forks.ts', 'src/perf/bench/fork-worker.ts', 'url')).toBe(true);
  });

  it('has no import cycles (type-only imports included)', () => {
    expect(findCycles(adjacency(graph.edges))).toEqual([]);
  });

  it('keeps domain/ pure: it imports nothing outside domain/', () => {
    expect(graph.edges.filter((e) => inside(e.from, 'src/domain') && !inside(e.to, 'src/domain')).map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('keeps store/ below the use cases: no calculate/, ingest/, http/ or cli/', () => {
    expect(crossings(graph.edges, 'src/store', ['src/calculate', 'src/ingest', 'src/http', 'src/cli'])).toEqual([]);
  });

  it('keeps the generic tools generic: perf/load/ and cache/ import no Greenline specifics', () => {
    const greenline = ['src/store', 'src/calculate', 'src/ingest', 'src/http', 'src/domain', 'src/cli'];
    expect(crossings(graph.edges, 'src/perf/load', [...greenline, 'src/cache', 'src/perf/greenline-workload.ts'])).toEqual([]);
    expect(crossings(graph.edges, 'src/cache', [...greenline, 'src/perf'])).toEqual([]);
  });

  it('does not load the batch use case into the calculation worker thread', () => {
    const worker = 'src/calculate/worker/worker.ts';
    expect(graph.files).toContain(worker);
    expect(graph.files).toContain('src/calculate/batch.ts');
    // What the thread loads: static and dynamic imports that are not type-only (a `new URL` entry
    // would start another thread).
    const loads = adjacency(graph.edges, (e) => !e.typeOnly && e.kind !== 'url');
    expect(shortestPath(loads, worker, (n) => n === 'src/calculate/batch.ts')?.join(' → ') ?? null).toBeNull();
  });
});

describe('the cycle finder', () => {
  it('reports each cycle with its path, shortest first module in sort order', () => {
    const graphOf = (edges: Record<string, string[]>) => new Map(Object.entries(edges));
    expect(findCycles(graphOf({ a: ['b'], b: ['c'], c: [] }))).toEqual([]);
    expect(findCycles(graphOf({ a: ['b'], b: ['c'], c: ['a'], d: ['d'], e: ['a'] }))).toEqual(['a → b → c → a', 'd → d']);
    expect(findCycles(graphOf({ x: ['y', 'z'], y: ['x'], z: ['y'] }))).toEqual(['x → y → x']);
  });

  it('tells type-only imports, dynamic imports and worker entries apart', () => {
    const refs = referencesIn(
      'a.ts',
      [
        "import type { A } from './a-types.ts';",
        "import { type B, c } from './b.ts';",
        "export type { D } from './d.ts';",
        "export * from './e.ts';",
        "import { x } from 'node:fs';",
        "const f = await import('./f.ts');",
        "let g: import('./g.ts').G;",
        "new Worker(new URL('./h.mjs', import.meta.url));",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
        'new URL(`./i${ext}`, import.meta.url);',
      ].join('\n'),
    );
    expect(refs.map((r) => [r.kind, r.typeOnly, r.specifier])).toEqual([
      ['import', true, './a-types.ts'],
      ['import', false, './b.ts'],
      ['export', true, './d.ts'],
      ['export', false, './e.ts'],
      ['dynamic', false, './f.ts'],
      ['type', true, './g.ts'],
      ['url', false, './h.mjs'],
      ['url', false, { head: './i', tail: '' }],
    ]);
  });
});
