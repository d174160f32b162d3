/**
 * `greenline cbam defaults import FILE`: import a CBAM data set (default values, mark-ups, free
 * allocation, benchmarks, certificate prices) from the documented CSV shape (docs/cbam.md); it
 * becomes the tenant's active data set. `greenline cbam declaration YEAR`: the annual declaration.
 */
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { datasetSummary, importCbamDataset } from '../calculate/cbam/import-dataset.ts';
import { loadConfig } from '../config.ts';
import { type Declaration, declaration } from '../domain/cbam/certificates.ts';
import { activeDataset } from '../store/cbam-datasets.ts';
import { declarationLines } from '../store/cbam-rollups.ts';
import { ensureTenant } from '../store/tenants.ts';
import { withDatabase } from './server-link.ts';

interface ImportFlags {
  name: string;
  version: string;
  source: string;
  tenant: string;
}

type ImportAnswer = ReturnType<typeof datasetSummary> & { created: boolean };

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

export function registerCbamCommands(program: Command): void {
  const cbam = program.command('cbam').description('EU CBAM: data sets and declarations (docs/cbam.md)');
  const defaults = cbam.command('defaults').description('CBAM default values and parameters');
  defaults
    .command('import')
    .description('import a data set CSV (kind,cn_code,country,period,direct_see,indirect_see,value); it becomes the active one')
    .argument('<file>', 'the CSV file')
    .requiredOption('--name <name>', 'data set name, e.g. "EU CBAM default values"')
    .requiredOption('--version <version>', 'its version, e.g. "2025-12"; a version is imported once and never changes')
    .requiredOption('--source <source>', 'where the values come from (publication, table, date)')
    .option('--tenant <name>', 'tenant the data set is for', 'default')
    .action(async (file: string, opts: ImportFlags) => {
      const text = await readFile(file, 'utf8').catch(() => {
        throw new Error(`cannot read ${file}: no such file`);
      });
      const meta = { name: opts.name, version: opts.version, source: opts.source };
      const answer = await withDatabase<ImportAnswer>(loadConfig(), {
        async local(rt) {
          const tenant = await ensureTenant(rt.driver, opts.tenant);
          const r = await importCbamDataset(rt.driver, tenant.id, text, meta);
          if (!r.ok) throw new Error(`${file}: ${r.errors.map((e) => `line ${e.line}${e.field ? ` ${e.field}` : ''}: ${e.message}`).join('\n  ')}`);
          return { ...datasetSummary(r.dataset), created: r.created };
        },
        async server(link) {
          const { body } = await link.call<ImportAnswer>('POST', '/cbam/datasets', {
            body: Readable.from([text]),
            contentType: 'text/csv',
            query: { tenant: opts.tenant, ...meta },
          });
          return body;
        },
      });
      const c = answer.counts;
      console.log(
        answer.created
          ? `${file}: imported "${answer.name}" version ${answer.version} (${c.defaults} default values, ${c.benchmarks} benchmarks, ${c.markups} mark-ups, ${c.free_allocation} free-allocation years, ${c.prices} prices); it is now the active CBAM data set of tenant ${opts.tenant}`
          : `${file}: "${answer.name}" version ${answer.version} is imported already; nothing changed (a version never changes: import new values as a new version)`,
      );
    });

  cbam
    .command('declaration')
    .description('the annual CBAM declaration for a year: gross emissions, free allocation, certificates owed, estimated cost')
    .argument('<year>', 'import year (2026 or later)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 2023 || n > 2100) throw new Error(`year must be a 4-digit year from 2023; got "${v}"`);
      return n;
    })
    .option('--tenant <name>', 'tenant', 'default')
    .option('--price <eur>', 'EUR per certificate for the estimate (default: the data set’s)', Number)
    .option('--json', 'print the whole declaration as JSON')
    .action(async (year: number, opts: { tenant: string; price?: number; json?: boolean }) => {
      const d = await withDatabase<Declaration>(loadConfig(), {
        async local(rt) {
          const tenant = await ensureTenant(rt.driver, opts.tenant);
          const [lines, dataset] = await Promise.all([declarationLines(rt.driver, tenant.id, year), activeDataset(rt.driver, tenant.id)]);
          return declaration({ year, lines, dataset, priceEurPerT: opts.price });
        },
        async server(link) {
          const { body } = await link.call<Declaration>('GET', `/cbam/declarations/${year}`, {
            query: { tenant: opts.tenant, ...(opts.price !== undefined ? { price: String(opts.price) } : {}) },
          });
          return body;
        },
      });
      if (opts.json) {
        console.log(JSON.stringify(d, null, 2));
        return;
      }
      console.log(declarationText(d));
    });
}

function declarationText(d: Declaration): string {
  const lines = [
    `CBAM declaration ${d.year}`,
    `  gross embedded emissions   ${fmt.format(d.gross_t)} tCO2e`,
    `  free-allocation adjustment ${fmt.format(d.free_allocation_t)} tCO2e`,
    `  carbon price paid          ${fmt.format(d.carbon_price_deduction_t)} tCO2e`,
    `  net                        ${fmt.format(d.net_t)} tCO2e → ${fmt.format(d.certificates)} certificates`,
    `  estimated cost             ${d.estimated_cost_eur === null ? 'n/a (no price)' : `EUR ${fmt.format(d.estimated_cost_eur)} at EUR ${fmt.format(d.price_eur_per_t!)} per certificate (${d.price_source === 'request' ? 'as given' : `data set price for ${d.price_period}`})`}`,
    `  de minimis                 ${d.de_minimis.exempt ? 'exempt' : 'not exempt'}: ${d.de_minimis.explanation}`,
    `  declaration due            ${d.deadlines.declaration_due ?? 'none (transitional period: quarterly reports)'}`,
  ];
  for (const w of d.warnings) lines.push(`  warning: ${w.message}`);
  return lines.join('\n');
}
