/**
 * Running the playbook documents (docs/troubleshooting.md, docs/optimization-guide.md) as a test:
 * their ```sh blocks as scripts, each in its own bash with the variables of the blocks before it,
 * and the ```text block that follows a command compared with what it printed, in shape: numbers,
 * ids, times, sizes and paths masked, `…` for lines left out.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { createTestDatabase } from './databases.ts';
import { fencedBlocks } from './doc-examples.ts';
import { freePort } from './free-port.ts';

export interface ShellBlock {
  file: string;
  /** Line of the opening fence. */
  line: number;
  script: string;
  /** The ```text block right after it (only blank lines between), if any: what the script prints. */
  expected: string | null;
}

/** The ```sh blocks of a document, in order, each with the output block that follows it. */
export function shellBlocks(file: string, markdown: string): ShellBlock[] {
  const blocks = fencedBlocks(markdown);
  const lines = markdown.split('\n');
  const out: ShellBlock[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (block.lang !== 'sh') continue;
    const next = blocks[i + 1];
    // 0-based: the opening fence is at line - 1, the body follows, then the closing fence.
    const afterClosing = block.line + block.body.split('\n').length + 1;
    const adjacent = next !== undefined && next.lang === 'text' && lines.slice(afterClosing, next.line - 1).every((l) => l.trim() === '');
    out.push({ file, line: block.line, script: block.body, expected: adjacent ? next.body : null });
  }
  return out;
}

/** A line reduced to its shape: numbers, ids, times, sizes and the given roots' paths masked, spaces collapsed. */
export function maskLine(line: string, roots: readonly string[] = []): string {
  let s = stripVTControlCharacters(line);
  for (const root of roots) s = s.split(`${root}/`).join('');
  return (
    s
      .replace(/\bgl_[A-Za-z0-9_-]+/g, '<key>')
      .replace(/\b[a-z]+_[0-9a-f]{8,}(-[0-9a-f-]+)?\b/g, '<id>')
      .replace(/\b(?=[0-9]*[a-f])[0-9a-f]{12,}\b/g, '<hex>')
      .replace(/\d{8}T\d{6}Z?(\.\d+)*/g, '<time>')
      .replace(/\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?)?/g, '<time>')
      .replace(/\b\d{2}:\d{2}:\d{2}( UTC)?/g, '<time>')
      .replace(/@\d+/g, '@<node>')
      .replace(/\bv\d+(\.\d+)*/g, 'v#')
      // A number, an absent one (—), or a signed change; then its unit, whatever the scale.
      .replace(/(?<!\w)[-+−]?\d[\d,]*(\.\d+)?(e[-+]?\d+)?|—/g, '#')
      .replace(/# ?(B|KiB|MiB|GiB|kB|KB|MB|GB)\b/g, '#<bytes>')
      .replace(/# ?(µs|us|ms|s|m)\b/g, '#<time>')
      .replace(/(#[a-z%<>×]*(?: [a-z]+?))s\b/g, '$1')
      // A table's rule is as wide as its widest cell.
      .replace(/─+/g, '─')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Without units: `12 ms`, `—` and `0.0%` alike (a table cell with no data yet, or a figure in another unit). */
const loose = (masked: string) => masked.replace(/#(<\w+>|%)?/g, '#');

/** A table row's shape: its leading figures (and arrows), then whether text follows; the text itself is free (function names, files). */
function rowShape(masked: string): string | null {
  if (!masked.startsWith('#')) return null;
  const tokens = loose(masked).split(' ');
  let figures = 0;
  while (figures < tokens.length && /^[#→]$/.test(tokens[figures]!)) figures++;
  return `${tokens.slice(0, figures).join(' ')}${figures < tokens.length ? ' *' : ''}`;
}

/**
 * The lines of `expected` that `actual` does not show, in order: each line must be in the output
 * (masked) after the one before it, with the same units or, failing that, the same numbers of
 * figures; a row starting with a number may differ in its text (which function is third varies
 * between runs), not in its columns; a line `…` skips any output.
 */
export function missingLines(expected: string, actual: string, roots: readonly string[] = []): string[] {
  const out = actual
    .split('\n')
    .map((l) => maskLine(l, roots))
    .filter((l) => l !== '');
  const missing: string[] = [];
  let at = 0;
  for (const raw of expected.split('\n')) {
    const want = maskLine(raw, roots);
    if (want === '' || want === '…') continue;
    const shape = rowShape(want);
    const wantLoose = loose(want);
    // The first output line from `at` that matches, so the rows of a table pair up in order.
    let found = -1;
    for (let i = at; i < out.length && found < 0; i++)
      if (out[i] === want || loose(out[i]!) === wantLoose || (shape !== null && rowShape(out[i]!) === shape)) found = i;
    if (found < 0) missing.push(raw);
    else at = found + 1;
  }
  return missing;
}

/**
 * A working directory for the documents' commands: this checkout's top-level entries linked in
 * (package.json, bin, src, loadtest, test fixtures…), so what the commands write (CSV files,
 * profiles, reports) lands here and not in the checkout.
 */
export function playbookWorkdir(repo: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'greenline-playbook-'));
  for (const entry of readdirSync(repo)) {
    if (['.git', '.greenline', 'profiles'].includes(entry) || existsSync(join(dir, entry))) continue;
    symlinkSync(join(repo, entry), join(dir, entry));
  }
  return dir;
}

export interface BlockRun {
  code: number | null;
  output: string;
  ms: number;
}

/**
 * Runs a script as a reader's terminal would: in bash with `set -e -o pipefail`, the variables
 * the blocks before it exported (kept in `envFile`), in `cwd`. `npx greenline` runs this
 * checkout's bin/greenline.js, which is what npx resolves it to (the README test covers npx
 * itself), without npm's ~1.5 s of start-up per command.
 */
export function runBlock(script: string, opts: { cwd: string; env: NodeJS.ProcessEnv; envFile: string; timeoutMs: number }): Promise<BlockRun> {
  const preamble = [
    'set -a',
    `[ -f '${opts.envFile}' ] && . '${opts.envFile}'`,
    'set +a',
    'npx() { if [ "$1" = greenline ]; then shift; node bin/greenline.js "$@"; else command npx "$@"; fi; }',
    `trap 'export -p > "${opts.envFile}"' EXIT`,
    'set -e -o pipefail',
  ].join('\n');
  const started = Date.now();
  return new Promise((ok) => {
    const child = spawn('bash', ['-c', `${preamble}\n${script}\n`], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), opts.timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      ok({ code, output, ms: Date.now() - started });
    });
  });
}

/** `VAR=value … npx greenline serve`: a document's server, which the test starts in the background. */
export const SERVE_COMMAND = /^((?:[A-Z_]+=\S+\s+)*)npx greenline serve$/;

/** The environment of a fresh terminal: none of this machine's Greenline settings. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^(GREENLINE_|DATABASE_URL$|REDIS_URL$|PORT$|HOST$|LOG_LEVEL$|npm_)/.test(name)) delete env[name];
  return env;
}

export interface DocServer {
  /** What every command of the document runs with: DATABASE_URL, PORT and GREENLINE_URL of this server. */
  env: NodeJS.ProcessEnv;
  workdir: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * A document's server: a throwaway PostgreSQL database, a working directory, and the document's
 * own serve command run there (on a free port) until /healthz answers.
 */
export async function startDocServer(serveScript: string, repo: string): Promise<DocServer> {
  const db = await createTestDatabase('greenline_playbook');
  const workdir = playbookWorkdir(repo);
  const port = await freePort();
  const env = { ...cleanEnv(), DATABASE_URL: db.url, PORT: String(port), GREENLINE_URL: `http://127.0.0.1:${port}` };
  // The shell becomes the server (exec), in its own process group, so stopping it stops the server.
  const proc: ChildProcess = spawn('bash', ['-c', `npx() { shift; exec node bin/greenline.js "$@"; }\n${serveScript}`], {
    cwd: workdir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  const stop = async () => {
    if (proc.pid && proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      process.kill(-proc.pid, 'SIGTERM');
      await exited;
    }
    await db.drop();
    rmSync(workdir, { recursive: true, force: true });
  };
  const started = Date.now();
  for (;;) {
    const up = await fetch(`${env.GREENLINE_URL}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { env, workdir, output: () => output, stop };
    if (proc.exitCode !== null || Date.now() - started > 30_000) {
      await stop();
      throw new Error(`the server did not come up (exit ${proc.exitCode}):\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
