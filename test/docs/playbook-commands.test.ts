/**
 * docs/troubleshooting.md and docs/optimization-guide.md, followed as written (issue 19: every
 * command in both documents is executed by a test). Each document gets its own server, started
 * from the document's `npx greenline serve` block on a throwaway PostgreSQL database; then each of
 * its other ```sh blocks runs, in order, in a shell that keeps the variables of the blocks before
 * it. Each must exit 0, print no NaN, and print what the ```text block after it shows, in shape
 * (numbers, ids, times and sizes masked; `…` for lines left out). The two documents run at once.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingLines, runBlock, SERVE_COMMAND, shellBlocks, startDocServer } from '../support/playbook.ts';

const REPO = resolve(import.meta.dirname, '../..');
const DOCS = ['docs/troubleshooting.md', 'docs/optimization-guide.md'];
const BLOCK_TIMEOUT_MS = 60_000;

const read = (file: string) => readFileSync(join(REPO, file), 'utf8');

/** GitHub's anchor of a heading: lower case, punctuation but `-` dropped, spaces as `-`. */
const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s/g, '-');

describe('the playbook documents, every command run', () => {
  it("has a section for each troubleshooting link greenline doctor's fixes give", () => {
    const links = [...read('src/doctor/checks.ts').matchAll(/docs\/troubleshooting\.md#([a-z0-9-]+)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThanOrEqual(4);
    const anchors = new Set([...read('docs/troubleshooting.md').matchAll(/^#{2,3} (.+)$/gm)].map((m) => anchor(m[1]!)));
    expect(links.filter((l) => !anchors.has(l))).toEqual([]);
  });

  it("tells a run that printed something else from the doc's output, but not one with other figures", () => {
    const heap = shellBlocks('t', read('docs/troubleshooting.md')).find((b) => b.script.includes('leaky.cjs'))!.expected!;
    const otherFigures = heap.replace(/\d/g, (d) => String((Number(d) + 3) % 10));
    expect(missingLines(heap, otherFigures)).toEqual([]);
    expect(missingLines(heap, heap.replace('Verdict: LEAK — LeakyRecord', 'Verdict: NO LEAK — no'))).toHaveLength(1);
    expect(missingLines(heap, heap.replace(/^.*LeakyRecord.*leaking$/m, ''))).toHaveLength(1);
  });

  for (const doc of DOCS) {
    it.concurrent(`${doc}: every sh block exits 0 and prints what the doc shows`, async () => {
      const blocks = shellBlocks(doc, read(doc));
      const serve = blocks.filter((b) => SERVE_COMMAND.test(b.script.trim()));
      expect(
        serve.map((b) => b.script.trim()),
        'one server block',
      ).toHaveLength(1);
      expect(serve[0]!.script).toMatch(/GREENLINE_PROFILING=on/);
      const commands = blocks.filter((b) => b !== serve[0]);
      expect(commands.length).toBeGreaterThan(5);
      // Most commands show what they print, so the shape check has something to hold them to.
      expect(commands.filter((b) => b.expected !== null).length).toBeGreaterThan(commands.length / 2);

      const server = await startDocServer(serve[0]!.script, REPO);
      const timings: string[] = [];
      try {
        const envFile = join(server.workdir, '.playbook-env');
        for (const block of commands) {
          const run = await runBlock(block.script, { cwd: server.workdir, env: server.env, envFile, timeoutMs: BLOCK_TIMEOUT_MS });
          timings.push(`:${block.line} ${(run.ms / 1000).toFixed(1)} s`);
          const where = `${block.file}:${block.line}\n${block.script}\n--- printed:\n${run.output}`;
          expect(run.code, where).toBe(0);
          expect(run.output, where).not.toMatch(/\bNaN\b/);
          if (block.expected !== null) expect(missingLines(block.expected, run.output, [server.workdir, REPO]), where).toEqual([]);
        }
      } finally {
        await server.stop();
        console.log(`${doc}${timings.join(',')}`);
      }
    }, 240_000);
  }
});
