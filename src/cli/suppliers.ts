/**
 * `greenline suppliers import FILE` (register suppliers in bulk) and `greenline suppliers match
 * FILE` (match names against the tenant's suppliers), on the configured database or through the
 * server that holds the embedded one (docs/suppliers.md#intake).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config.ts';
import type { MentionText } from '../ingest/supplier-resolution.ts';
import { importSuppliers, type SupplierImportProgress, type SupplierImportSummary } from '../ingest/supplier-import.ts';
import {
  ANSWER_COLUMNS,
  csvCell,
  csvOfLine,
  localMatchBackend,
  type MatchBackend,
  type MatchFileSummary,
  matchSupplierFile,
  type NameAnswer,
  ndjsonOfLine,
} from '../ingest/supplier-match-file.ts';
import { ensureTenant } from '../store/tenants.ts';
import { type ServerLink, withDatabase } from './server-link.ts';

const fmt = new Intl.NumberFormat('en-US');

function threshold(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 50 || n > 100) throw new InvalidArgumentError('must be a number from 50 to 100');
  return n;
}

async function readable(path: string): Promise<number> {
  const { size } = await stat(path).catch(() => {
    throw new Error(`cannot read ${path}: no such file`);
  });
  return size;
}

/** Errors as the command prints them: one line each, the first 20, then how many more. */
function errorLines(errors: ReadonlyArray<{ line: number; field: string; message: string }>, failed: number): string {
  const shown = errors.slice(0, 20).map((e) => `  line ${e.line}${e.field ? ` ${e.field}` : ''}: ${e.message}`);
  const more = failed > shown.length ? [`  … ${fmt.format(failed - shown.length)} more (--json lists up to 10,000)`] : [];
  return [...shown, ...more].join('\n');
}

export function importSummaryLine(file: string, s: SupplierImportSummary): string {
  const ignored = s.ignoredColumns.length > 0 ? `; ignored columns: ${s.ignoredColumns.join(', ')}` : '';
  return (
    `${file}: ${fmt.format(s.imported)} suppliers imported, ${fmt.format(s.skipped)} already registered, ${fmt.format(s.failed)} lines with errors ` +
    `(${fmt.format(s.lines)} lines in ${s.seconds.toFixed(1)} s, ${fmt.format(Math.round(s.linesPerSecond))} lines/s)${ignored}`
  );
}

export function matchSummaryLine(s: MatchFileSummary): string {
  const rules = [
    [s.byRule.identifier, 'by identifier'],
    [s.byRule.exactName, 'by exact name'],
    [s.byRule.fuzzy, 'fuzzy'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, what]) => `${fmt.format(n as number)} ${what}`);
  return (
    `${fmt.format(s.lines)} names: ${fmt.format(s.matched)} matched${rules.length > 0 ? ` (${rules.join(', ')})` : ''}, ${fmt.format(s.review)} to review` +
    `${s.queuedForReview > 0 ? ` (${fmt.format(s.queuedForReview)} queued)` : ''}, ${fmt.format(s.noMatch)} unmatched, ${fmt.format(s.errors)} errors ` +
    `in ${s.seconds.toFixed(1)} s (${fmt.format(Math.round(s.linesPerSecond))} names/s)`
  );
}

/** A batch of names matched by the server that holds the embedded database (the admin API). */
function serverMatchBackend(link: ServerLink, tenant: string, opts: { queue?: boolean; threshold?: number }): MatchBackend {
  return async (mentions: readonly MentionText[]) => {
    const { body } = await link.call<{ answers: NameAnswer[]; queued: number }>('POST', '/suppliers/match', {
      query: { tenant },
      json: { names: mentions, queue: opts.queue ?? false, auto_match_threshold: opts.threshold },
    });
    return body;
  };
}

export function registerSupplierCommands(program: Command): void {
  const suppliers = program.command('suppliers').description('suppliers: register in bulk, match names (docs/suppliers.md#intake)');

  suppliers
    .command('import')
    .description('register the suppliers of a CSV file (name,country,lei,duns,vat,naics); bad lines are reported by line and field, good ones imported')
    .argument('<file>', 'CSV with a header; `greenline gen suppliers` output (id,name,country,lei,duns) is read too, its id column ignored')
    .option('--tenant <name>', 'tenant the suppliers belong to', 'default')
    .option('--json', 'print the summary as JSON (with every error, up to 10,000)')
    .action(async (file: string, opts: { tenant: string; json?: boolean }) => {
      const bytes = await readable(file);
      const tty = process.stderr.isTTY === true;
      // Progress: redrawn on a terminal; otherwise a line every 10 s for files of 10 MB or more.
      let last = 0;
      const progress = (p: SupplierImportProgress) => {
        const now = performance.now();
        if (tty ? now - last < 250 : bytes < 10_000_000 || now - last < 10_000) return;
        last = now;
        const line = `${Math.round((p.bytesRead / Math.max(1, bytes)) * 100)}%  ${fmt.format(p.lines)} lines, ${fmt.format(p.imported)} imported, ${fmt.format(p.failed)} with errors`;
        process.stderr.write(tty ? `\r${line}\u001b[K` : `${line}\n`);
      };
      const summary = await withDatabase<SupplierImportSummary>(loadConfig(), {
        async local(rt) {
          const tenant = await ensureTenant(rt.driver, opts.tenant);
          return importSuppliers(rt.driver, tenant.id, createReadStream(file, { highWaterMark: 256 * 1024 }), { onProgress: progress });
        },
        async server(link) {
          const { body } = await link.call<SupplierImportSummary>('POST', '/suppliers/import', {
            body: createReadStream(file),
            contentType: 'text/csv',
            query: { tenant: opts.tenant },
          });
          return body;
        },
      });
      if (tty && last > 0) process.stderr.write('\n');
      if (opts.json) console.log(JSON.stringify(summary, null, 2));
      else {
        console.log(importSummaryLine(file, summary));
        if (summary.failed > 0) console.error(errorLines(summary.errors, summary.failed));
      }
    });

  suppliers
    .command('match')
    .description(
      "match the names of a CSV file (name[,country,lei,duns,vat]) against the tenant's suppliers; each line back with status, supplier_id, supplier_name, confidence, rule",
    )
    .argument('<file>', 'CSV with a header; other columns are passed through')
    .option('--tenant <name>', 'whose suppliers', 'default')
    .option('--out <file>', 'write the results here (default: stdout)')
    .addOption(new Option('--format <format>', 'results as CSV or NDJSON (default: from --out, else csv)').choices(['csv', 'ndjson']))
    .option('--queue', 'put the names to review in the review queue')
    .option('--threshold <n>', 'confidence from which a name is matched (50–100; default the tenant’s, 85)', threshold)
    .option('--json', 'print the summary on stderr as JSON')
    .action(async (file: string, opts: { tenant: string; out?: string; format?: 'csv' | 'ndjson'; queue?: boolean; threshold?: number; json?: boolean }) => {
      await readable(file);
      const format = opts.format ?? (opts.out && /\.(ndjson|jsonl)$/i.test(opts.out) ? 'ndjson' : 'csv');
      const sink: Writable = opts.out ? createWriteStream(opts.out) : process.stdout;
      const write = async (text: string) => {
        if (!sink.write(text)) await new Promise((r) => sink.once('drain', r));
      };
      let header: readonly string[] = [];
      const out = {
        header: async (columns: readonly string[]) => {
          header = columns;
          if (format === 'csv') await write(`${[...columns, ...ANSWER_COLUMNS].map(csvCell).join(',')}\n`);
        },
        line: async (l: Parameters<typeof csvOfLine>[0]) => {
          await write(format === 'csv' ? csvOfLine(l) : ndjsonOfLine(header, l));
          if (l.error) process.stderr.write(`line ${l.line}${l.error.field ? ` ${l.error.field}` : ''}: ${l.error.message}\n`);
        },
      };
      const summary = await withDatabase<MatchFileSummary>(loadConfig(), {
        async local(rt) {
          const tenant = await ensureTenant(rt.driver, opts.tenant);
          const backend = localMatchBackend(rt.driver, tenant.id, { queue: opts.queue, autoMatchThreshold: opts.threshold });
          return matchSupplierFile(createReadStream(file, { highWaterMark: 256 * 1024 }), backend, out);
        },
        server: (link) =>
          matchSupplierFile(createReadStream(file), serverMatchBackend(link, opts.tenant, { queue: opts.queue, threshold: opts.threshold }), out),
      });
      if (opts.out) await new Promise<void>((resolve, reject) => sink.end((err?: Error | null) => (err ? reject(err) : resolve())));
      process.stderr.write(`${opts.json ? JSON.stringify(summary) : matchSummaryLine(summary)}\n`);
    });
}
