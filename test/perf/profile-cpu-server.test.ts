/**
 * The live CPU profile of a running server (`POST /v1/profiles/cpu`, and the same route on the
 * local admin API): refused without an admin credential and when GREENLINE_PROFILING is off;
 * with both, `greenline profile cpu --url` gets N seconds of the server and writes its reports.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerCpuProfileCommands } from '../../src/cli/profile-cpu.ts';
import { publishServer } from '../../src/cli/server-link.ts';
import { buildApp } from '../../src/http/app.ts';
import { parseCpuProfile, summarizeCpuProfile } from '../../src/perf/profile/cpu-profile.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { createApiKey } from '../../src/store/api-keys.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { type DriverFixture, postgresFactory } from '../support/databases.ts';

const TOKEN = 'local-admin-token-for-this-test';

let fx: DriverFixture;
let on: FastifyInstance;
let off: FastifyInstance;
let url: string;
let dir: string;
let adminKey: string;
let writeKey: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenline-profile-server-'));
  fx = await postgresFactory()();
  const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
  const tenant = await ensureTenant(fx.driver, 'profiling');
  adminKey = await addApiKey(fx.driver, tenant.id);
  writeKey = (await createApiKey(fx.driver, tenant.id, { scope: 'write' })).secret;
  const build = (profiling: boolean) =>
    buildApp({
      driver: fx.driver,
      config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent', metrics: false, calculationThreads: false, profiling },
      cursorSecret: rt.cursorSecret,
      admin: { token: TOKEN, uploadDir: join(dir, 'uploads') },
    });
  [on, off] = await Promise.all([build(true), build(false)]);
  url = await on.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await Promise.all([on?.close(), off?.close()]);
  await fx?.close();
  await rm(dir, { recursive: true, force: true });
});

const post = (app: FastifyInstance, path: string, secret?: string) =>
  app.inject({ method: 'POST', url: `${path}?seconds=0.1`, headers: secret ? { authorization: `Bearer ${secret}` } : {} });

/** Runs `greenline profile …` in-process; answers what it printed on stdout. */
async function profile(...args: string[]): Promise<string> {
  const root = new Command('profile').exitOverride();
  registerCpuProfileCommands(root);
  const printed: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await root.parseAsync(args, { from: 'user' });
  } finally {
    write.mockRestore();
    stderr.mockRestore();
  }
  return printed.join('');
}

describe('the live CPU profile route', () => {
  it('refuses without an admin credential', async () => {
    expect((await post(on, '/v1/profiles/cpu')).statusCode).toBe(401);
    const write = await post(on, '/v1/profiles/cpu', writeKey);
    expect([write.statusCode, write.json().code]).toEqual([403, 'SCOPE_INSUFFICIENT']);
    const admin = await post(on, '/admin/profiles/cpu', adminKey);
    expect([admin.statusCode, admin.json().code]).toEqual([403, 'ADMIN_FORBIDDEN']);
  });

  it('refuses when profiling is off, even to an admin', async () => {
    for (const [path, secret] of [
      ['/v1/profiles/cpu', adminKey],
      ['/admin/profiles/cpu', TOKEN],
    ] as const) {
      const res = await post(off, path, secret);
      expect([res.statusCode, res.json().code]).toEqual([404, 'PROFILING_OFF']);
    }
  });

  it('takes one profile at a time', async () => {
    // The first through the local token (no database look-up before it starts), the second with a key.
    const first = on.inject({ method: 'POST', url: '/admin/profiles/cpu?seconds=0.3', headers: { authorization: `Bearer ${TOKEN}` } });
    await new Promise((r) => setTimeout(r, 100));
    const second = await post(on, '/v1/profiles/cpu', adminKey);
    expect([second.statusCode, second.json().code]).toEqual([409, 'PROFILE_RUNNING']);
    const profile = summarizeCpuProfile(parseCpuProfile((await first).body));
    // 0.3 s asked for: the profile spans it (timers fire late, never early).
    expect(profile.durationUs).toBeGreaterThanOrEqual(290_000);
    expect(profile.durationUs).toBeLessThan(2_000_000);
  });
});

describe('greenline profile cpu --url', () => {
  it('profiles the server for N seconds with an admin key and writes the reports', async () => {
    const out = join(dir, 'with-key');
    const busy = setInterval(() => void fetch(`${url}/healthz`).catch(() => {}), 5);
    let printed: string;
    try {
      printed = await profile('cpu', '--url', url, '--seconds', '0.3', '--key', adminKey, '--out', out, '--top', '5');
    } finally {
      clearInterval(busy);
    }
    const files = (await readdir(out)).sort();
    expect(files.map((f) => f.replace(/^server-\d{8}T\d{6}Z\./, ''))).toEqual(['cpuprofile', 'hotspots.txt', 'html']);
    const summary = summarizeCpuProfile(parseCpuProfile(await readFile(join(out, files[0]!), 'utf8')));
    expect(summary.durationUs).toBeGreaterThanOrEqual(290_000);
    expect(summary.samples).toBeGreaterThan(0);
    expect(printed).toMatch(/^CPU profile: [\d.]+ ms, busy/m);
    expect(printed).toContain(`flame graph  ${join(out, files[2]!)}`);
  });

  it('uses the local admin token of the server on this machine when given no key', async () => {
    const dataDir = join(dir, 'data');
    await import('node:fs/promises').then((fs) => fs.mkdir(dataDir, { recursive: true }));
    const unpublish = publishServer(dataDir, TOKEN, '127.0.0.1', Number(new URL(url).port));
    const saved = { dir: process.env.GREENLINE_DATA_DIR, key: process.env.GREENLINE_API_KEY };
    process.env.GREENLINE_DATA_DIR = dataDir;
    delete process.env.GREENLINE_API_KEY;
    try {
      const out = join(dir, 'local');
      await profile('cpu', '--url', url.replace('127.0.0.1', 'localhost'), '--seconds', '0.1', '--out', out);
      expect((await readdir(out)).filter((f) => f.endsWith('.cpuprofile'))).toHaveLength(1);
      // Another port is another server: the token is not sent there.
      await expect(profile('cpu', '--url', 'http://127.0.0.1:1', '--seconds', '0.1', '--out', out)).rejects.toThrow(/API key with scope admin/);
    } finally {
      unpublish();
      process.env.GREENLINE_DATA_DIR = saved.dir;
      if (saved.key !== undefined) process.env.GREENLINE_API_KEY = saved.key;
      if (saved.dir === undefined) delete process.env.GREENLINE_DATA_DIR;
    }
  });
});
