/** The settings read from the environment once, in config.ts: defaults, and errors that name the variable. */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

function settingOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.setting;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has a default for every setting', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      metrics: true,
      calculationThreads: true,
      ingestQueue: 'greenline-ingest',
      workerLockMs: 30_000,
      ingestFastPath: true,
      serverUrl: 'http://127.0.0.1:3000',
      apiKey: null,
    });
  });

  it('reads on/off settings as 1 or 0 (or true/false, on/off, yes/no)', () => {
    expect(loadConfig({ GREENLINE_METRICS: '0', GREENLINE_CALC_THREADS: '0', GREENLINE_INGEST_FAST_PATH: '0' })).toMatchObject({
      metrics: false,
      calculationThreads: false,
      ingestFastPath: false,
    });
    expect(loadConfig({ GREENLINE_METRICS: 'off', GREENLINE_INGEST_FAST_PATH: 'False' })).toMatchObject({ metrics: false, ingestFastPath: false });
    expect(loadConfig({ GREENLINE_METRICS: '1', GREENLINE_INGEST_FAST_PATH: 'yes', GREENLINE_CALC_THREADS: '' })).toMatchObject({
      metrics: true,
      ingestFastPath: true,
      calculationThreads: true,
    });
    expect(() => loadConfig({ GREENLINE_INGEST_FAST_PATH: 'fast' })).toThrow('GREENLINE_INGEST_FAST_PATH: must be 1 (on) or 0 (off), got "fast"');
    expect(settingOf(() => loadConfig({ GREENLINE_METRICS: '2' }))).toBe('GREENLINE_METRICS');
    expect(settingOf(() => loadConfig({ GREENLINE_CALC_THREADS: 'none' }))).toBe('GREENLINE_CALC_THREADS');
  });

  it('reads the supplier match threads as a count from 0 to 16, by default two on a machine of two cores or more', () => {
    expect(loadConfig({ GREENLINE_SUPPLIER_MATCH_THREADS: '0' }).supplierMatchThreads).toBe(0);
    expect(loadConfig({ GREENLINE_SUPPLIER_MATCH_THREADS: '3' }).supplierMatchThreads).toBe(3);
    expect(loadConfig({}).supplierMatchThreads).toBe(availableParallelism() > 1 ? 2 : 0);
    expect(settingOf(() => loadConfig({ GREENLINE_SUPPLIER_MATCH_THREADS: '17' }))).toBe('GREENLINE_SUPPLIER_MATCH_THREADS');
    expect(settingOf(() => loadConfig({ GREENLINE_SUPPLIER_MATCH_THREADS: 'two' }))).toBe('GREENLINE_SUPPLIER_MATCH_THREADS');
  });

  it('points client commands at this machine on PORT unless GREENLINE_URL says otherwise', () => {
    expect(loadConfig({ PORT: '4100' }).serverUrl).toBe('http://127.0.0.1:4100');
    expect(loadConfig({ PORT: '4100' }, { port: 4200 }).serverUrl).toBe('http://127.0.0.1:4200');
    expect(loadConfig({ PORT: '4100', GREENLINE_URL: 'https://greenline.example.com/' }).serverUrl).toBe('https://greenline.example.com');
    expect(settingOf(() => loadConfig({ GREENLINE_URL: 'greenline:3000' }))).toBe('GREENLINE_URL');
    expect(settingOf(() => loadConfig({ GREENLINE_URL: 'not a url' }))).toBe('GREENLINE_URL');
    expect(loadConfig({ GREENLINE_API_KEY: ' k ' }).apiKey).toBe('k');
  });

  it('limits each key to 12,000 requests a minute and 4 uploads at once per instance unless told otherwise; 0 turns either off', () => {
    expect(loadConfig({})).toMatchObject({ rateLimitPerMinute: 12_000, uploadConcurrency: 4 });
    expect(loadConfig({ GREENLINE_RATE_LIMIT_PER_MINUTE: '0', GREENLINE_UPLOAD_CONCURRENCY: '0' })).toMatchObject({
      rateLimitPerMinute: 0,
      uploadConcurrency: 0,
    });
    expect(settingOf(() => loadConfig({ GREENLINE_RATE_LIMIT_PER_MINUTE: '100/s' }))).toBe('GREENLINE_RATE_LIMIT_PER_MINUTE');
    expect(settingOf(() => loadConfig({ GREENLINE_UPLOAD_CONCURRENCY: '-1' }))).toBe('GREENLINE_UPLOAD_CONCURRENCY');
  });

  it('validates the distributed ingest settings', () => {
    expect(loadConfig({ GREENLINE_WORKER_LOCK_MS: '2000', GREENLINE_INGEST_QUEUE: 'test-queue' })).toMatchObject({
      workerLockMs: 2000,
      ingestQueue: 'test-queue',
    });
    expect(settingOf(() => loadConfig({ GREENLINE_WORKER_LOCK_MS: '2s' }))).toBe('GREENLINE_WORKER_LOCK_MS');
    expect(settingOf(() => loadConfig({ GREENLINE_WORKER_LOCK_MS: '10' }))).toBe('GREENLINE_WORKER_LOCK_MS');
    expect(settingOf(() => loadConfig({ GREENLINE_INGEST_QUEUE: 'a:b' }))).toBe('GREENLINE_INGEST_QUEUE');
  });
});
