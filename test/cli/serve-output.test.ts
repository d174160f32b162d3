import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { keyBox, loggerOptions } from '../../src/cli/serve.ts';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { openPglite } from '../../src/store/pglite-driver.ts';

describe('what greenline serve prints', () => {
  it('puts the first start’s key in a box of equal-width lines', () => {
    const box = keyBox('gl_abc');
    const lines = box.trim().split('\n');
    expect(lines[0]).toMatch(/^\+-+\+$/);
    expect(lines.at(-1)).toBe(lines[0]);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(box).toMatch(/API key:[\s|]+gl_abc /);
  });

  it('logs readable lines on a terminal and JSON elsewhere, unless told', () => {
    const pretty = { level: 'info', transport: { target: 'pino-pretty' } };
    expect(loggerOptions({ logLevel: 'info', logFormat: 'auto' }, true)).toMatchObject(pretty);
    expect(loggerOptions({ logLevel: 'info', logFormat: 'auto' }, false)).toEqual({ level: 'info' });
    expect(loggerOptions({ logLevel: 'debug', logFormat: 'json' }, true)).toEqual({ level: 'debug' });
    expect(loggerOptions({ logLevel: 'info', logFormat: 'pretty' }, false)).toMatchObject(pretty);
  });

  it('does not log /healthz, /readyz or /metrics requests at info, and logs the others', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).trim().split('\n'));
        done();
      },
    });
    const driver = await openPglite({ dataDir: null });
    try {
      await prepareDatabase(driver, { cursorSecret: null });
      const app = await buildApp({
        driver,
        config: { bodyLimitBytes: 1024 * 1024, logLevel: 'info' },
        cursorSecret: 'test',
        logger: { level: 'info', stream },
      });
      for (const url of ['/healthz', '/readyz', '/metrics', '/v1/factors']) await app.inject({ url });
      await app.close();
      const urls = lines.map((l) => (JSON.parse(l) as { req?: { url?: string } }).req?.url).filter(Boolean);
      expect(urls).toEqual(['/v1/factors']);
    } finally {
      await driver.close();
    }
  });
});
