/**
 * `greenline profile cpu -- …` and `greenline profile diff` as a user runs them (in-process
 * commander, real child processes): a small program profiled twice, the second build with a
 * planted slowdown in one named function, and the diff names that function first.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerCpuProfileCommands, resolveCommand } from '../../src/cli/profile-cpu.ts';

/** The program: `checksum` is cheap in build A; build B adds a busy loop to it (the planted slowdown). */
function program(planted: boolean): string {
  return `
function parseRows(n) { let s = 0; for (let i = 0; i < n; i++) s += Math.sqrt(i) * Math.sin(i); return s; }
function checksum(n) {
  let h = 0;
  for (let i = 0; i < n; i++) h = (h * 31 + i) | 0;
  ${planted ? 'for (let i = 0; i < 8 * n; i++) h = (h * 17 + i) | 0;' : ''}
  return h;
}
let total = 0;
for (let round = 0; round < 20; round++) total += parseRows(300000) + checksum(300000);
console.log('done', total);
`;
}

/** Runs `greenline profile …` in-process; answers what it printed on stdout. */
async function profile(...args: string[]): Promise<string> {
  const root = new Command('profile').exitOverride();
  registerCpuProfileCommands(root);
  const printed: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  try {
    await root.parseAsync(args, { from: 'user' });
  } finally {
    write.mockRestore();
  }
  return printed.join('');
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenline-profile-cpu-'));
  // Two checkouts of the same program: the diff matches functions across them.
  for (const [build, planted] of [
    ['a', false],
    ['b', true],
  ] as const) {
    await mkdir(join(dir, build, 'src'), { recursive: true });
    await writeFile(join(dir, build, 'src', 'app.js'), program(planted));
  }
});
afterAll(async () => {
  process.exitCode = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('greenline profile cpu -- COMMAND', () => {
  let outA: string;
  let outB: string;

  it('writes the profile, the flame graph and the hotspot table, and prints the table', async () => {
    outA = join(dir, 'a', 'profiles');
    const printed = await profile('cpu', '--out', outA, '--top', '5', '--', 'node', join(dir, 'a', 'src', 'app.js'));
    const files = (await readdir(outA)).sort();
    expect(files).toHaveLength(3);
    expect(files.map((f) => f.replace(/^CPU\.[^.]+\.\d+\.0\./, ''))).toEqual(['cpuprofile', 'hotspots.txt', 'html']);
    expect(printed).toMatch(/^CPU profile: [\d.]+ ms, busy/m);
    // parseRows does most of build A's work: the top row.
    expect(printed).toMatch(new RegExp(`^ *1 .*parseRows  ${join(dir, 'a', 'src', 'app.js')}:2$`, 'm'));
    const table = await readFile(join(outA, files.find((f) => f.endsWith('.hotspots.txt'))!), 'utf8');
    expect(printed).toContain(table);
    expect(process.exitCode).toBe(0);
  });

  it('runs a bare script path with this node; the planted build is profiled the same way', async () => {
    outB = join(dir, 'b', 'profiles');
    const printed = await profile('cpu', '--out', outB, '--', join(dir, 'b', 'src', 'app.js'));
    expect(printed).toMatch(/^ *1 .*checksum {2}.*b\/src\/app\.js:3$/m);
  });

  it('profile diff names the function with the planted slowdown first', async () => {
    const [a, b] = await Promise.all([outA, outB].map(async (d) => join(d, (await readdir(d)).find((f) => f.endsWith('.cpuprofile'))!)));
    const printed = await profile('diff', a!, b!);
    const slower = printed.slice(printed.indexOf('Slower in B'), printed.indexOf('Faster in B'));
    // The first row of the slower table: checksum, its self time grown by the planted loop.
    expect(slower.split('\n')[2]).toMatch(/^ *1 +\+[\d.]+ +[1-9][\d.]* .*checksum {2}.*b\/src\/app\.js:3$/);
    // The same functions matched across the checkouts: parseRows is not "new" in B.
    expect(slower).not.toMatch(/^ *\d+ +\+[\d.]+ +0\.0 .*parseRows/m);
  });

  it('names the source line of compiled code through its source map', async () => {
    // Compiled from app.ts: the map's one segment (AASA) puts generated line 1 at app.ts line 10.
    const map = { version: 3, sources: ['app.ts'], names: [], mappings: 'AASA' };
    const code = `function hot(n) { let h = 0; for (let i = 0; i < n; i++) h = (h * 31 + i) | 0; return h; }
console.log(hot(5e7));
//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}
`;
    await writeFile(join(dir, 'compiled.js'), code);
    const printed = await profile('cpu', '--out', join(dir, 'compiled'), '--top', '3', '--', 'node', join(dir, 'compiled.js'));
    expect(printed).toMatch(new RegExp(`^ *1 .*hot  ${join(dir, 'app.ts')}:10$`, 'm'));
  });

  it('says so when the command is not a node program', async () => {
    await expect(profile('cpu', '--out', join(dir, 'none'), '--', 'true')).rejects.toThrow(/wrote no CPU profile/);
  });

  it('runs `greenline` as this checkout under this node', () => {
    const [node, bin, ...rest] = resolveCommand(['greenline', 'ingest', 'x.csv']);
    expect(node).toBe(process.execPath);
    expect(bin!.endsWith('bin/greenline.js') && existsSync(bin!)).toBe(true);
    expect(rest).toEqual(['ingest', 'x.csv']);
  });
});
