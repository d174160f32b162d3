/**
 * `greenline keys` as a user runs it, on the embedded database in a temporary directory: on its
 * own, and through the server that holds the database (its local admin API), where a revocation
 * is refused by the server's very next request although the server had the key cached.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/greenline.js');

interface KeyJson {
  id: string;
  tenant: string;
  scope: string;
  label: string | null;
  status: string;
  replaced_by: string | null;
  expires_at: string | null;
}

describe('greenline keys (embedded database)', () => {
  let dataDir: string;
  const cli = (...args: string[]) => run(process.execPath, [BIN, 'keys', ...args], { env: { ...process.env, GREENLINE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' } });
  const list = async (tenant: string) => JSON.parse((await cli('list', '--tenant', tenant, '--json')).stdout) as KeyJson[];

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'greenline-keys-cli-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates (stdout: the key only), lists by id without secrets, and revokes, with the server stopped', async () => {
    const created = await cli('create', '--tenant', 'acme', '--scope', 'read', '--label', 'ci', '--expires', '30d');
    const key = created.stdout.trim();
    expect(created.stdout).toMatch(/^gl_\S+\n$/);
    const id = /^created (key_\S+) \(tenant acme, scope read, expires \d{4}-/.exec(created.stderr)?.[1];
    expect(id, created.stderr).toBeDefined();
    const table = (await cli('list')).stdout;
    expect(table).toMatch(/^ID\s+TENANT\s+LABEL\s+SCOPE\s+STATUS/);
    expect(table).toMatch(new RegExp(`${id}\\s+acme\\s+ci\\s+read\\s+active`));
    expect(table).not.toContain(key);
    expect((await cli('revoke', id!)).stdout).toMatch(new RegExp(`^revoked ${id} \\(tenant acme\\) at \\d{4}-`));

    const bad = await cli('create', '--tenant', 'acme', '--expires', 'someday').catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('"someday" is not an expiry') });
  });

  it('works through the running server; a key revoked there is refused by its next request', async () => {
    const port = await freePort();
    const server: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], {
      env: { ...process.env, GREENLINE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      for (let i = 0; i < 300; i++) {
        if (
          await fetch(`${url}/healthz`).then(
            (r) => r.ok,
            () => false,
          )
        )
          break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const use = async (key: string) => {
        const res = await fetch(`${url}/v1/factors?limit=1`, { headers: { authorization: `Bearer ${key}` } });
        return res.status === 200 ? 'ok' : ((await res.json()) as { code: string }).code;
      };
      const key = (await cli('create', '--tenant', 'served')).stdout.trim();
      expect(await use(key)).toBe('ok');
      const [record] = await list('served');
      expect(record).toMatchObject({ scope: 'write', status: 'active' });

      const rotated = JSON.parse((await cli('rotate', record!.id, '--grace', '0s', '--json')).stdout) as KeyJson & { key: string; replaces: KeyJson };
      expect(rotated).toMatchObject({ scope: 'write', replaces: { id: record!.id, status: 'expired', replaced_by: rotated.id } });
      expect(await use(key)).toBe('AUTH_EXPIRED');
      expect(await use(rotated.key)).toBe('ok');
      await cli('revoke', rotated.id);
      expect(await use(rotated.key)).toBe('AUTH_REVOKED');
      expect((await list('served')).map((k) => k.status)).toEqual(['expired', 'revoked']);

      const missing = await cli('revoke', 'key_nope').catch((e: { code: number; stderr: string }) => e);
      expect(missing).toMatchObject({ code: 1, stderr: 'greenline: API key key_nope does not exist\n' });
    } finally {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
  });
});
