/**
 * The flame-graph page of `greenline profile cpu` in a real browser (playwright-core driving
 * Debian's /usr/bin/chromium), opened from a file with every request but that file refused:
 * speedscope starts, imports the embedded profile and lists its functions with their times.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CpuProfile } from '../../src/perf/profile/cpu-profile.ts';
import { flamegraphHtml, loadSpeedscope } from '../../src/perf/profile/flamegraph-html.ts';

const frame = (functionName: string, lineNumber: number) => ({ functionName, scriptId: '1', url: 'file:///app/src/ingest.js', lineNumber, columnNumber: 0 });

/** 300 ms in `encodeRows` under `ingestFile`, 100 ms in `ingestFile` itself. */
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 }, children: [2] },
    { id: 2, callFrame: frame('ingestFile', 3), children: [3] },
    { id: 3, callFrame: frame('encodeRows', 20) },
  ],
  startTime: 0,
  endTime: 400_000,
  samples: [2, 3, 3, 3],
  timeDeltas: [0, 100_000, 100_000, 100_000],
};

let dir: string;
let browser: Browser;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenline-flamegraph-'));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the flame-graph page in Chromium, offline', () => {
  it('shows the profile and requests nothing but its own file', async () => {
    const file = join(dir, 'ingest.html');
    await writeFile(file, flamegraphHtml(JSON.stringify(PROFILE), 'ingest.cpuprofile', loadSpeedscope()));
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const requests: string[] = [];
    const errors: string[] = [];
    await page.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.request().url() === pathToFileURL(file).href ? route.continue() : route.abort();
    });
    page.on('pageerror', (err) => errors.push(err.message));

    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction("document.title.startsWith('ingest.cpuprofile')", null, { timeout: 10_000 });
    // The sandwich view lists functions as text: both with their self time.
    await page.getByText('Sandwich').click();
    const table = page.locator('body');
    await expect.poll(() => table.innerText(), { timeout: 5_000 }).toContain('encodeRows');
    const text = await table.innerText();
    expect(text).toContain('ingestFile');
    expect(text).toMatch(/300\.00ms/);
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
  });
});
