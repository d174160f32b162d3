/**
 * Opt-in spend classification in bulk ingest (docs/classification.md#ingest): purchase lines
 * without a naics are classified from a text column; the stored result carries the code, a
 * NAICS_CLASSIFIED warning naming the classifier and its version, and verifies; lines with a
 * naics of their own, or that the classifier is unsure of, are stored as without the option.
 * Bad options are refused with the field named, in the pipeline and over HTTP.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCalculation } from '../../src/calculate/verify.ts';
import { spendClassifier } from '../../src/domain/classify/spend-classifier.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/scope3/types.ts';
import { buildApp } from '../../src/http/app.ts';
import { type IngestOptions, ingest } from '../../src/ingest/pipeline.ts';
import { getCalculation } from '../../src/store/calculations.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import type { DriverFactory } from '../support/databases.ts';
import { usePreparedDriver } from '../support/prepared-driver.ts';
import { textSource } from './ingest-suite.ts';

const FILE = [
  'date,external_id,spend,currency,naics,sector,description',
  '2024-03-01,OWN-1,1000,USD,331110,,Hot-rolled steel coil S235 2mm', // its own naics: not classified
  '2024-03-01,CLS-1,1000,USD,,,Hot-rolled steel coil S235 2mm', // classified (331110)
  '2024-03-01,CLS-2,500,USD,,services,Adobe Creative Cloud licences', // classified (sector given too)
  '2024-03-01,UNSURE-1,500,USD,,services,misc reimbursement ref 88812', // unsure: the sector average, as without the option
].join('\n');

export function runClassifyIngestSuite(label: string, open: DriverFactory): void {
  describe(`opt-in spend classification in bulk ingest on ${label}`, () => {
    const driver = usePreparedDriver(open);
    const base = (tenantId: string, over: Partial<IngestOptions> = {}): IngestOptions => ({
      tenantId,
      type: 'purchases',
      format: 'csv',
      settings: DEFAULT_SETTINGS,
      source: textSource('ledger.csv', FILE),
      ...over,
    });
    /** The stored rows by external id: naics used, warnings, whether they verify. */
    async function stored(tenantId: string) {
      const ids = await driver().query<{ id: string; external_id: string }>('SELECT id, external_id FROM emissions WHERE tenant_id = $1', [tenantId]);
      const out = new Map<string, { naics: unknown; warnings: Array<{ code: string; message: string }>; verified: boolean; kg: number }>();
      for (const r of ids.rows) {
        const calc = (await getCalculation(driver(), tenantId, r.id))!;
        const v = await verifyCalculation(driver(), tenantId, r.id);
        out.set(r.external_id, { naics: calc.input.naics, warnings: calc.result.warnings, verified: v?.status === 'match', kg: calc.result.kgCo2e });
      }
      return out;
    }

    it('fills an empty naics from the column when the classifier is sure enough, and says which classifier decided', async () => {
      const classifier = spendClassifier();
      // What the classifier answers for these lines (the test holds its assumptions).
      const steel = classifier.classify({ description: 'Hot-rolled steel coil S235 2mm' });
      const adobe = classifier.classify({ description: 'Adobe Creative Cloud licences' });
      const unsure = classifier.classify({ description: 'misc reimbursement ref 88812' });
      expect(steel.confidence).toBeGreaterThanOrEqual(0.4);
      expect(adobe.confidence).toBeGreaterThanOrEqual(0.4);
      expect(unsure.confidence).toBeLessThan(0.4);

      const on = (await ensureTenant(driver(), 'classify-on')).id;
      const s = await ingest(driver(), base(on, { classify: { from: 'description', minConfidence: 0.4 } }));
      expect(s).toMatchObject({ status: 'succeeded', rows: 4, rowsOk: 4, rowsFailed: 0 });
      const rows = await stored(on);
      expect(rows.get('OWN-1')!.naics).toBe('331110');
      expect(rows.get('OWN-1')!.warnings.map((w) => w.code)).not.toContain('NAICS_CLASSIFIED');
      for (const [id, expected] of [
        ['CLS-1', steel],
        ['CLS-2', adobe],
      ] as const) {
        const row = rows.get(id)!;
        expect(row.naics).toBe(expected.naics);
        expect(row.warnings).toContainEqual({
          code: 'NAICS_CLASSIFIED',
          message: `naics ${expected.naics} (${expected.industry}) was classified from column "description" by ${classifier.name} ${classifier.version} (confidence at least 0.4)`,
        });
      }
      expect(rows.get('UNSURE-1')!.naics).toBeUndefined();
      for (const row of rows.values()) expect(row.verified).toBe(true);

      // Without the option: the same lines, no classification; CLS-1 takes the proxy factor instead of the steel mills'.
      const off = (await ensureTenant(driver(), 'classify-off')).id;
      const plain = await ingest(driver(), base(off));
      expect(plain).toMatchObject({ rows: 4, rowsOk: 4, rowsFailed: 0 });
      const offRows = await stored(off);
      expect([offRows.get('CLS-1')!.naics, offRows.get('CLS-2')!.naics]).toEqual([undefined, undefined]);
      // Classified, a line is calculated as the same line giving the code itself (OWN-1: same text, same spend).
      expect(rows.get('CLS-1')!.kg).toBe(rows.get('OWN-1')!.kg);
      expect(rows.get('CLS-1')!.warnings.filter((w) => w.code !== 'NAICS_CLASSIFIED')).toEqual(rows.get('OWN-1')!.warnings);
      // A line the option left alone is stored as without it.
      expect(offRows.get('UNSURE-1')!.kg).toBe(rows.get('UNSURE-1')!.kg);
      expect(offRows.get('OWN-1')!.kg).toBe(rows.get('OWN-1')!.kg);
    });

    it('a higher minimum confidence leaves more lines alone; the option is part of the batch (another batch id)', async () => {
      const t = (await ensureTenant(driver(), 'classify-strict')).id;
      const strict = await ingest(driver(), base(t, { classify: { from: 'description', minConfidence: 0.999 } }));
      const loose = await ingest(driver(), base(t, { classify: { from: 'description', minConfidence: 0.4 } }));
      expect(strict.batchId).not.toBe(loose.batchId);
      expect([strict.rowsOk, loose.rowsOk]).toEqual([4, 4]);
      const naicsOf = async (batchId: string) => {
        const ids = await driver().query<{ id: string }>("SELECT id FROM emissions WHERE batch_id = $1 AND external_id = 'CLS-1'", [batchId]);
        return (await getCalculation(driver(), t, ids.rows[0]!.id))!.input.naics;
      };
      expect(await naicsOf(strict.batchId)).toBeUndefined();
      expect(await naicsOf(loose.batchId)).toBe(spendClassifier().classify({ description: 'Hot-rolled steel coil S235 2mm' }).naics);
    });

    it('refuses a column the file does not have, and a record type without naics', async () => {
      const t = (await ensureTenant(driver(), 'classify-bad')).id;
      await expect(ingest(driver(), base(t, { classify: { from: 'memo', minConfidence: 0.4 } }))).rejects.toThrow(
        /classify names column "memo", which the file does not have/,
      );
      await expect(ingest(driver(), base(t, { type: 'logistics', classify: { from: 'description', minConfidence: 0.4 } }))).rejects.toThrow(
        /classify applies to purchases/,
      );
    });

    describe('over HTTP (POST /v1/batches?classify_from=…)', () => {
      let app: FastifyInstance;
      let key: string;
      beforeAll(async () => {
        key = await addApiKey(driver(), (await ensureTenant(driver(), 'classify-http')).id);
        app = await buildApp({ driver: driver(), config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent' }, cursorSecret: 'test' });
      });
      afterAll(async () => {
        await app?.close();
      });
      const upload = (query: string) =>
        app.inject({ method: 'POST', url: `/v1/batches?${query}`, headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, payload: FILE });

      it('classifies as the CLI does, and names the field of a bad option', async () => {
        const res = await upload('type=purchases&classify_from=description');
        expect(res.statusCode, res.body).toBe(202);
        let batch = res.json();
        for (let i = 0; i < 200 && batch.status !== 'succeeded' && batch.status !== 'failed'; i++) {
          await new Promise((r) => setTimeout(r, 50));
          batch = (await app.inject({ url: `/v1/batches/${batch.id}`, headers: { authorization: `Bearer ${key}` } })).json();
        }
        expect(batch).toMatchObject({ status: 'succeeded', rows: { total: 4, stored: 4, failed: 0 } });

        const missing = await upload('type=purchases&classify_from=memo');
        expect([missing.statusCode, missing.json().errors[0].field]).toEqual([400, 'querystring.classify_from']);
        expect(missing.json().detail).toMatch(/classify names column "memo"/);
        const wrongType = await upload('type=logistics&classify_from=description');
        expect([wrongType.statusCode, wrongType.json().errors[0].field]).toEqual([400, 'querystring.classify_from']);
        const alone = await upload('type=purchases&classify_min_confidence=0.5');
        expect([alone.statusCode, alone.json().errors[0].field]).toEqual([400, 'querystring.classify_min_confidence']);
      });
    });
  });
}
