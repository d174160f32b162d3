/**
 * Issue 8's acceptance test of the live dashboard, in a real browser (playwright-core driving
 * Debian's /usr/bin/chromium): the real app on PostgreSQL with a 200 ms dashboard interval;
 * open /dashboard, send traffic and see the numbers move, then make the factor look-ups fail
 * for real (their table disappears: 5xx) and see the SLOs turn yellow or red and the score drop.
 * The screenshot is saved as test-artifacts/dashboard.png.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { type DriverFixture, postgresFactory } from '../support/databases.ts';

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');

describe('the live dashboard in a browser', () => {
  let fx: DriverFixture;
  let app: FastifyInstance;
  let url: string;
  let auth: { authorization: string };
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fx = await postgresFactory()();
    const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
    auth = { authorization: `Bearer ${await addApiKey(fx.driver, (await ensureTenant(fx.driver, 'dashboard')).id)}` };
    app = await buildApp({
      driver: fx.driver,
      config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent', dashboardIntervalMs: 200 },
      cursorSecret: rt.cursorSecret,
    });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // The page runs under the server's Content-Security-Policy: anything it blocks is an error here.
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/.test(message.text())) pageErrors.push(`console: ${message.text()}`);
    });
    // The page loads nothing from elsewhere: every request goes to the app.
    page.on('request', (request) => {
      if (!request.url().startsWith(url)) pageErrors.push(`request outside the app: ${request.url()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await fx?.close();
  });

  /** `count` look-ups of factor pages of `limit(i)` factors (the response cache answers a repeated one). */
  async function lookups(count: number, limit: (i: number) => number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) statuses.push((await fetch(`${url}/v1/factors?limit=${limit(i)}`, { headers: auth })).status);
    return statuses;
  }

  const text = (selector: string) => page.locator(selector).innerText();
  const sloState = (name: string) => page.locator(`#slos tr[data-slo="${name}"]`).getAttribute('data-state');

  it('shows live numbers, then an SLO turning yellow or red under server errors', async () => {
    const loaded = await page.goto(`${url}/dashboard`);
    expect(loaded?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 10_000 });
    expect(await text('#slos tbody')).toContain('api-availability');
    expect(await sloState('api-availability')).toBe('no_data');
    expect(await text('#score-value')).toBe('—');

    // Healthy traffic: the rate and the percentiles appear, the SLOs have data and are green.
    expect(new Set(await lookups(60, () => 5))).toEqual(new Set([200]));
    await page.locator('#slos tr[data-slo="api-availability"][data-state="healthy"]').waitFor({ timeout: 10_000 });
    await expect.poll(async () => Number.parseFloat(await text('#rps')), { timeout: 10_000 }).toBeGreaterThan(0);
    const before = { rps: await text('#rps'), p95: await text('#p95'), errors: await text('#error-rate'), score: await text('#score-value') };
    expect(before.p95).toMatch(/ms$/);
    expect(before.errors).toBe('0.00%');
    // Latency SLOs may already have spent some budget on the first, uncached page.
    expect(before.score).toMatch(/^\d+\/100$/);

    // The factor table goes away: every look-up not cached yet now fails with a server error.
    await fx.driver.query('ALTER TABLE factors RENAME TO factors_unavailable');
    const failed = await lookups(20, (i) => 100 + i);
    expect(failed.every((status) => status >= 500)).toBe(true);
    await page.locator('#slos tr[data-slo="api-availability"]:is([data-state="warning"], [data-state="critical"])').waitFor({ timeout: 10_000 });
    await expect.poll(() => text('#rps'), { timeout: 10_000 }).not.toBe(before.rps);
    await expect.poll(() => text('#error-rate'), { timeout: 10_000 }).not.toBe('0.00%');

    const after = { rps: await text('#rps'), errors: await text('#error-rate'), score: await text('#score-value') };
    expect(after.rps).not.toBe(before.rps);
    expect(Number.parseFloat(after.errors)).toBeGreaterThan(0);
    expect(Number.parseInt(after.score, 10)).toBeLessThan(Number.parseInt(before.score, 10));
    expect(['warning', 'critical']).toContain(await sloState('reads-error-rate'));
    expect(['warning', 'critical']).toContain(await page.locator('#score').getAttribute('data-state'));
    // The state is shown in colour (the badge's background), not only as a word.
    const colour = await page.evaluate<string>('getComputedStyle(document.querySelector(\'#slos tr[data-slo="api-availability"] .state\')).backgroundColor');
    expect(colour).toMatch(/^rgb\((207, 34, 46|181, 137, 0)\)$/);
    // Three uPlot charts drawn, and the benchmark history listed.
    expect(await page.locator('.uplot canvas').count()).toBe(3);
    expect(await text('#bench-note')).toMatch(/bench\/history\.jsonl: \d+ runs/);

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
