/**
 * The `greenline` command as a user runs it: a real process, a real port, the embedded database
 * in a temporary directory, real data files.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dataFile, dataRequired, hasData } from '../importers/reference-data.ts';
import { BIN, startServer, stop, useDataDir } from '../support/cli-server.ts';
import { freePort } from '../support/free-port.ts';

const run = promisify(execFile);

describe('greenline CLI (embedded database)', () => {
  const { env } = useDataDir();

  it('keys create prints a key that authenticates as the new tenant', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'keys', 'create', '--tenant', 'acme'], { env: { ...process.env, ...env() } });
    const key = stdout.trim();
    expect(key).toMatch(/^gl_/);
    const server = await startServer(env());
    try {
      const ok = await fetch(`${server.url}/v1/factors?limit=1`, { headers: { authorization: `Bearer ${key}` } });
      expect(ok.status).toBe(200);
    } finally {
      await stop(server);
    }
  });

  it('keys create refuses a bad tenant name with a message', async () => {
    const err = await run(process.execPath, [BIN, 'keys', 'create', '--tenant', 'Not OK'], { env: { ...process.env, ...env() } }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(err).toMatchObject({ code: 1 });
    expect((err as { stderr: string }).stderr).toContain('tenant name "Not OK" is invalid');
  });

  it.skipIf(!hasData && !dataRequired)('factors import loads a real EPA file once; the second import changes nothing', async () => {
    const file = dataFile('epa-supply-chain/SupplyChainGHGEmissionFactors_v1.3.0_NAICS_CO2e_USD2022.csv');
    const first = await run(process.execPath, [BIN, 'factors', 'import', '--format', 'epa-supply-chain', file], { env: { ...process.env, ...env() } });
    expect(first.stdout).toMatch(/imported 2032 of 2032 rows as version v1\.3\.0/);
    const second = await run(process.execPath, [BIN, 'factors', 'import', '--format', 'epa-supply-chain', file], { env: { ...process.env, ...env() } });
    expect(second.stdout).toMatch(/already imported \(2032 rows, version v1\.3\.0\); nothing changed/);

    const { stdout } = await run(process.execPath, [BIN, 'keys', 'create', '--tenant', 'importer'], { env: { ...process.env, ...env() } });
    const server = await startServer(env());
    try {
      const res = await fetch(`${server.url}/v1/factors/resolve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stdout.trim()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ activity: 'eeio.naics.331110', region: 'US', year: 2022 }),
      });
      const body = (await res.json()) as { factor: unknown; provenance: unknown };
      // EPA Supply Chain GHG Emission Factors v1.3, NAICS 331110, with margins: 0.787 kg CO2e / 2022 USD.
      expect(body.factor).toMatchObject({ value: 0.787, unit: 'kgCO2e/USD2022', dataset_version: 'v1.3.0' });
      expect(body.provenance).toMatchObject({ resolved_by: 'region_year_exact', source: 'US EPA Supply Chain GHG Emission Factors' });
    } finally {
      await stop(server);
    }
  });

  it('runs keys, factors import, ingest, verify and migrate through the server that holds the embedded database', async () => {
    const server = await startServer(env());
    const cli = (...args: string[]) => run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env() } });
    try {
      const key = (await cli('keys', 'create', '--tenant', 'through')).stdout.trim();
      expect(key).toMatch(/^gl_/);
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      // The server knows the key at once: it stored it.
      expect((await fetch(`${server.url}/v1/factors?limit=1`, { headers })).status).toBe(200);

      const gwp = dataFile('gwp/globalwarmingpotentials.csv');
      if (hasData)
        expect((await cli('factors', 'import', '--format', 'gwp', gwp)).stdout).toMatch(
          /globalwarmingpotentials\.csv: (imported \d+ of \d+ rows|already imported)/,
        );

      const dir = mkdtempSync(join(tmpdir(), 'greenline-through-'));
      try {
        const file = join(dir, 'purchases.csv');
        writeFileSync(file, (await run(process.execPath, [BIN, 'gen', 'purchases', '--rows', '2000', '--seed', '9'], { maxBuffer: 1 << 24 })).stdout);
        const first = JSON.parse((await cli('ingest', file, '--type', 'purchases', '--tenant', 'through', '--json')).stdout);
        expect(first).toMatchObject({ status: 'succeeded', alreadyDone: false, rows: 2_000, rowsOk: 2_000, rowsFailed: 0 });
        expect(JSON.parse((await cli('ingest', file, '--type', 'purchases', '--tenant', 'through', '--json')).stdout)).toMatchObject({
          batchId: first.batchId,
          alreadyDone: true,
        });
        // The same wording as without a server: a header-only file is refused, exit 1.
        writeFileSync(join(dir, 'header.csv'), 'date,spend,currency\n');
        const empty = await cli('ingest', join(dir, 'header.csv'), '--type', 'purchases').catch((e: { code: number; stderr: string }) => e);
        expect(empty).toMatchObject({ code: 1, stderr: 'greenline: nothing to import: the file has a header but no data rows\n' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }

      const calc = (await (
        await fetch(`${server.url}/v1/calculations`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            record: { category: 4, date: '2024-03-01', mode: 'road.truck_heavy', distance: 500, distance_unit: 'km', mass: 12, mass_unit: 't' },
          }),
        })
      ).json()) as { id: string };
      expect((await cli('verify', calc.id)).stdout).toMatch(new RegExp(`^${calc.id}: match \\(`));
      const missing = await cli('verify', 'calc_00000000000000000000000000000000').catch((e: { code: number; stderr: string }) => e);
      expect(missing).toMatchObject({ code: 2, stderr: 'greenline: no calculation calc_00000000000000000000000000000000\n' });
      expect((await cli('migrate')).stdout).toMatch(/^schema already current \(the running server, process \d+/);

      // The admin API takes only the published token, so a request without it is refused.
      expect((await fetch(`${server.url}/admin/status`)).status).toBe(403);
    } finally {
      await stop(server);
    }
    // The server unpublished itself: commands open the database directly again.
    expect((await cli('migrate')).stdout.trim()).toBe('schema already current');
  });

  it('ingest stores 4,999 rows of a 5,000-row file whose row 3,000 has two cells, and fails a header-only file with exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'greenline-ingest-'));
    try {
      const gen = await run(process.execPath, [BIN, 'gen', 'purchases', '--rows', '5000', '--seed', '3'], { maxBuffer: 64 * 1024 * 1024 });
      const lines = gen.stdout.split('\n');
      lines[3_000] = lines[3_000]!.split(',').slice(0, 2).join(',');
      const file = join(dir, 'purchases.csv');
      writeFileSync(file, lines.join('\n'));
      const { stdout } = await run(process.execPath, [BIN, 'ingest', file, '--type', 'purchases', '--json'], { env: { ...process.env, ...env() } });
      expect(JSON.parse(stdout)).toMatchObject({ status: 'succeeded', rows: 5_000, rowsOk: 4_999, rowsFailed: 1 });
      const headerOnly = join(dir, 'header.csv');
      writeFileSync(headerOnly, 'date,spend,currency\n');
      const err = await run(process.execPath, [BIN, 'ingest', headerOnly, '--type', 'purchases'], { env: { ...process.env, ...env() } }).catch(
        (e: { code: number; stderr: string }) => e,
      );
      expect(err).toMatchObject({ code: 1 });
      expect((err as { stderr: string }).stderr.trim()).toBe('greenline: nothing to import: the file has a header but no data rows');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown format and a missing file clearly', async () => {
    const badFormat = await run(process.execPath, [BIN, 'factors', 'import', '--format', 'nope', 'x.csv'], { env: { ...process.env, ...env() } }).catch(
      (e: { stderr: string }) => e,
    );
    expect((badFormat as { stderr: string }).stderr).toMatch(/--format.*nope.*epa-supply-chain, desnz, gwp/s);
    const missing = await run(process.execPath, [BIN, 'factors', 'import', '--format', 'gwp', '/no/such/file.csv'], {
      env: { ...process.env, ...env() },
    }).catch((e: { stderr: string }) => e);
    expect((missing as { stderr: string }).stderr).toContain('/no/such/file.csv');
  });

  it('SIGTERM to the process `npm start` made reaches the server, which drains and exits', async () => {
    const port = await freePort();
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: resolve(import.meta.dirname, '../..'),
      env: { ...process.env, ...env(), PORT: String(port), GREENLINE_MEMORY: '1', GREENLINE_BOOTSTRAP_KEY: 'k', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((r) => npm.once('exit', (code) => r(code)));
    const url = `http://127.0.0.1:${port}`;
    const up = async () =>
      fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
    for (let i = 0; i < 300 && !(await up()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await up()).toBe(true);
    const inFlight = fetch(`${url}/v1/factors/resolve`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({
        queries: Array.from({ length: 10_000 }, (_, i) => ({ activity: 'hotel.night', region: ['US', 'DE', 'JP'][i % 3], year: 2000 + (i % 30) })),
      }),
    });
    await new Promise((r) => setTimeout(r, 30));
    npm.kill('SIGTERM');
    expect((await inFlight).status).toBe(200);
    expect(await exited).toBe(0);
    // Nothing is left serving on the port.
    expect(await up()).toBe(false);
  });

  it('finishes an in-flight request on SIGTERM before exiting', async () => {
    // A throwaway database: the bootstrap key is its only key (the one-letter key of issue 2's acceptance).
    const server = await startServer({ ...env(), GREENLINE_BOOTSTRAP_KEY: 'k' }, ['--memory']);
    const inFlight = fetch(`${server.url}/v1/factors/resolve`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({
        queries: Array.from({ length: 10_000 }, (_, i) => ({ activity: 'hotel.night', region: ['US', 'DE', 'JP'][i % 3], year: 2000 + (i % 30) })),
      }),
    });
    await new Promise((r) => setTimeout(r, 30));
    const exit = stop(server);
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { summary: { total: number } }).summary.total).toBe(10_000);
    expect(await exit).toBe(0);
  });
});
