/**
 * The README as a newcomer follows it: a copy of the working tree (what a fresh clone holds, with
 * ../shared beside it and this checkout's node_modules standing in for `npm install`), `npm start`
 * in it, then every command of the README's `sh` blocks exactly as written, in order, with the
 * server running on the default port; finally SIGTERM to the process `npm start` made.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDir, hasData } from '../importers/reference-data.ts';

const REPO = resolve(import.meta.dirname, '../..');
const PORT = 3000;
const COMMAND_TIMEOUT_MS = 240_000;

/** What a few commands must print besides exiting 0: the work was done, not just attempted. */
const EXPECTED_OUTPUT: Array<[RegExp, RegExp]> = [
  [/^curl -s localhost:3000\/v1\/factors\/resolve/, /"provenance"/],
  [/^npx greenline factors import/, /: (imported \d+ of \d+ rows|already imported)/],
  [/^npx greenline verify/, /^calc_[0-9a-f]+: match \(/m],
  [/^npx greenline ingest purchases/, /succeeded: 100,000 rows, 100,000 stored, 0 failed/],
  [/^npx greenline ingest shipments/, /succeeded: 10,000 rows, 10,000 stored, 0 failed/],
  [/^npx greenline cbam declaration/, /^CBAM declaration 2026\n[\s\S]*certificates/m],
  [/^curl -s localhost:3000\/v1\/cbam\/shipments/, /"method":"default"/],
  [/^curl -s localhost:3000\/v1\/cbam\/declarations/, /"certificates":\d+/],
  [/^npx greenline cbam defaults import/, /imported "Example defaults" version 1/],
  [/^npx greenline keys create/, /^gl_\S+$/m],
  [/^npx greenline migrate/, /schema already current \(the running server/],
  [/^npx greenline recalculate/, /^recalculation \S+ succeeded: \d+ results selected/m],
  [/^npx greenline doctor/, /^== server http:\/\/127\.0\.0\.1:3000\n[\s\S]*worst: /m],
];

/** Each `sh` block of the README as its commands; a line ending in `\` continues on the next. */
export function readmeBlocks(markdown: string): string[][] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) =>
    m[1]!
      .split(/(?<!\\)\n/)
      .map((c) => c.trim())
      .filter((c) => c !== '' && !c.startsWith('#')),
  );
}

function portFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const srv = createServer();
    srv.once('error', () => ok(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => ok(true)));
  });
}

/** The working tree's files (committed, changed or new, not ignored) copied to `to`. */
function copyWorkingTree(to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' }).split('\0');
  for (const file of files) {
    if (file === '' || !existsSync(join(REPO, file))) continue;
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(join(REPO, file), join(to, file));
  }
  symlinkSync(join(REPO, 'node_modules'), join(to, 'node_modules'));
}

/** The environment of a newcomer's shell: none of this machine's Greenline settings. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(GREENLINE_|DATABASE_URL$|REDIS_URL$|PORT$|HOST$|LOG_LEVEL$|KEY$|CALC_ID$|npm_)/.test(name)) delete env[name];
  }
  return env;
}

function runInShell(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  // Variables a command exports (KEY, CALC_ID) carry over to the next, as in one terminal.
  const script = `set -a\n[ -f .readme-env ] && . ./.readme-env\nset -o pipefail\n${command}\nrc=$?\nexport -p > .readme-env\nexit $rc\n`;
  return new Promise((ok) => {
    const child = spawn('bash', ['-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      ok({ code, output });
    });
  });
}

describe.skipIf(!hasData)('README, followed as written', () => {
  const blocks = readmeBlocks(readFileSync(join(REPO, 'README.md'), 'utf8'));
  let root: string;
  let clone: string;
  let server: ChildProcess | null = null;
  let serverOutput = '';

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'greenline-readme-'));
    clone = join(root, 'main');
    copyWorkingTree(clone);
    symlinkSync(dirname(dataDir), join(root, 'shared'));
  });
  afterAll(() => {
    if (server?.pid && server.exitCode === null) process.kill(-server.pid, 'SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('quick start is exactly two commands: one runs the service, one the tests', () => {
    expect(blocks.slice(0, 2)).toEqual([['npm install && npm start'], ['npm test']]);
  });

  it('every other command succeeds, in order, with the server from `npm start` running; SIGTERM to npm start then drains and exits 0', async () => {
    if (!(await portFree(PORT))) throw new Error(`port ${PORT} is in use: the README test runs the server on the default port; stop what holds it`);
    // `npm install` is what this checkout's node_modules already holds; `npm test` is this very run.
    // Its own process group, so a failed run can stop npm and the server it started together.
    server = spawn('npm', ['start'], { cwd: clone, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    server.stdout!.on('data', (d) => (serverOutput += d));
    server.stderr!.on('data', (d) => (serverOutput += d));
    const up = () =>
      fetch(`http://localhost:${PORT}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
    for (let i = 0; i < 600 && !(await up()); i++) {
      if (server.exitCode !== null) throw new Error(`npm start exited with ${server.exitCode}:\n${serverOutput}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await up()).toBe(true);
    expect(serverOutput).toMatch(/API key:[\s|]+gl_/);

    const commands = blocks.slice(2).flat();
    expect(commands.length).toBeGreaterThan(10);
    for (const command of commands) {
      const { code, output } = await runInShell(command, clone, cleanEnv());
      expect({ command, code, output }).toMatchObject({ command, code: 0 });
      // A curl example that answered a problem (curl -s exits 0 on 4xx/5xx) is a failed example.
      if (command.startsWith('curl')) expect(output, command).not.toMatch(/"status":\s*[45]\d\d/);
      for (const [pattern, expected] of EXPECTED_OUTPUT) if (pattern.test(command)) expect(output, command).toMatch(expected);
    }
    expect(existsSync(join(clone, 'snapshot.json')) && existsSync(join(clone, 'report.html'))).toBe(true);
    const shell = readFileSync(join(clone, '.readme-env'), 'utf8');
    expect(shell).toMatch(/KEY="gl_/);
    expect(shell).toMatch(/CALC_ID="calc_[0-9a-f]+"/);

    const exited = new Promise<number | null>((r) => server!.once('exit', (code) => r(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(serverOutput).toMatch(/shutting down: finishing in-flight requests/);
    expect(await up()).toBe(false);
  }, 900_000);
});
