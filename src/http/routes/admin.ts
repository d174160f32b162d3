/**
 * The local admin API: what the `greenline` commands do when the server holds the embedded
 * database (PGlite serves one process). Only the token the server wrote to its data directory
 * (mode 0600) opens it, only from this machine; it is not part of the public API or OpenAPI.
 */

import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { datasetSummary, importCbamDataset } from '../../calculate/cbam/import-dataset.ts';
import { createRecalculationFor, RecalculationInputError, runRecalculation } from '../../calculate/recalculate.ts';
import { verifyCalculation } from '../../calculate/verify.ts';
import { declaration } from '../../domain/cbam/certificates.ts';
import { IMPORT_FORMATS, type ImportFormat } from '../../domain/factors/importers/index.ts';
import { SupplierFileError } from '../../ingest/supplier-csv.ts';
import { importSuppliers } from '../../ingest/supplier-import.ts';
import { localMatchBackend } from '../../ingest/supplier-match-file.ts';
import { getBatch } from '../../store/batches.ts';
import { activeDataset } from '../../store/cbam-datasets.ts';
import { declarationLines } from '../../store/cbam-rollups.ts';
import { migrations } from '../../store/migrations/index.ts';
import type { RecalculationRow } from '../../store/recalculations.ts';
import { ensureTenant, findTenantByName } from '../../store/tenants.ts';
import { badRequest, HttpProblem, notFound } from '../problem.ts';
import { NewKeyBody, RotateKeyBody } from '../schemas/keys.ts';
import { snakeCaseKeys } from '../snake-case.ts';
import { acceptUploads, batchJson, SubmitQuery, submitUpload } from './batches.ts';
import { datasetProblem, MAX_DATASET_BYTES, readText } from './cbam.ts';
import type { RouteDeps } from './deps.ts';
import { createKey, listKeys, revokeKey, rotateKey } from './keys.ts';

export interface AdminOptions {
  /** The secret the server published beside its database; commands send it as a bearer token. */
  token: string;
  /** Where uploaded factor files wait while they are imported. */
  uploadDir: string;
}

const hide = { hide: true } as const;
const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

function sameSecret(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

const TenantQuery = Type.Object({ tenant: Type.String({ minLength: 1, maxLength: 63 }) }, { additionalProperties: false });
const KeyIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export function adminRoutes(app: FastifyInstance, deps: RouteDeps, options: AdminOptions): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  acceptUploads(app);
  app.addHook('onRequest', async (request) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!LOOPBACK.test(request.ip) || !match || !sameSecret(match[1]!, options.token)) {
      throw new HttpProblem(403, 'ADMIN_FORBIDDEN', 'the admin API is for the greenline command on this machine (it reads the token from the data directory)');
    }
  });

  api.get('/status', { schema: hide }, async () => ({ pid: process.pid, migrations: migrations.map((m) => m.version) }));

  // Keys of any tenant, as `greenline keys` manages them (the same work as /v1/keys, src/http/routes/keys.ts).
  api.get('/keys', { schema: { ...hide, querystring: Type.Partial(TenantQuery) } }, async (request) => {
    const name = request.query.tenant;
    const tenant = name === undefined ? undefined : await findTenantByName(deps.driver, name);
    if (tenant === null) return { data: [] };
    return listKeys(deps, tenant?.id);
  });

  api.post(
    '/keys',
    { schema: { ...hide, body: Type.Object({ ...NewKeyBody.properties, tenant: Type.String() }, { additionalProperties: false }) } },
    async (request, reply) => {
      const { tenant: name, ...body } = request.body;
      const tenant = await ensureTenant(deps.driver, name);
      return reply.status(201).send(await createKey(deps, tenant.id, body));
    },
  );

  api.post('/keys/:id/revoke', { schema: { ...hide, params: KeyIdParams } }, async (request) => revokeKey(deps, request.params.id, null));

  api.post('/keys/:id/rotate', { schema: { ...hide, params: KeyIdParams, body: RotateKeyBody } }, async (request, reply) =>
    reply.status(201).send(await rotateKey(deps, request.params.id, null, request.body)),
  );

  api.post(
    '/factors/import',
    {
      schema: {
        ...hide,
        querystring: Type.Object(
          { format: Type.Union(IMPORT_FORMATS.map((f) => Type.Literal(f))), name: Type.String({ minLength: 1, maxLength: 255 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      // The importers read the data set's version from the file name, so the upload keeps it.
      const dir = join(options.uploadDir, `import-${randomUUID()}`);
      await mkdir(dir, { recursive: true });
      try {
        const file = join(dir, basename(request.query.name));
        await pipeline(request.body as Readable, createWriteStream(file));
        const { importFactorFile } = await import('../../jobs/import-factor-file.ts');
        const summary = await importFactorFile(deps.driver, request.query.format as ImportFormat, file);
        if (summary.status === 'imported') {
          await Promise.all([deps.factorCaches.invalidateAll(), app.responseCache.invalidateTagsForAllTenants(['factors'])]);
        }
        return snakeCaseKeys(summary);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  // `greenline cbam defaults import`: the same import as POST /v1/cbam/datasets, for a tenant by name.
  api.post(
    '/cbam/datasets',
    {
      schema: {
        ...hide,
        querystring: Type.Object(
          {
            ...TenantQuery.properties,
            name: Type.String({ minLength: 1, maxLength: 200 }),
            version: Type.String({ minLength: 1, maxLength: 100 }),
            source: Type.String({ minLength: 1, maxLength: 1000 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { tenant: name, ...meta } = request.query;
      const tenant = await ensureTenant(deps.driver, name);
      const result = await importCbamDataset(deps.driver, tenant.id, await readText(request.body, MAX_DATASET_BYTES), meta);
      if (!result.ok) throw datasetProblem(result.errors);
      return reply
        .status(result.created ? 201 : 200)
        .serializer(JSON.stringify)
        .send({ ...datasetSummary(result.dataset), created: result.created });
    },
  );

  api.get(
    '/cbam/declarations/:year',
    {
      schema: {
        ...hide,
        params: Type.Object({ year: Type.Integer({ minimum: 2023, maximum: 2100 }) }),
        querystring: Type.Object({ ...TenantQuery.properties, price: Type.Optional(Type.Number({ exclusiveMinimum: 0 })) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const tenant = await ensureTenant(deps.driver, request.query.tenant);
      const [lines, dataset] = await Promise.all([declarationLines(deps.driver, tenant.id, request.params.year), activeDataset(deps.driver, tenant.id)]);
      return reply.serializer(JSON.stringify).send(declaration({ year: request.params.year, lines, dataset, priceEurPerT: request.query.price }));
    },
  );

  api.post('/calculations/:id/verify', { schema: { ...hide, params: Type.Object({ id: Type.String({ maxLength: 100 }) }) } }, async (request) => {
    const v = await verifyCalculation(deps.driver, null, request.params.id);
    if (!v) throw notFound('calculation', request.params.id);
    return snakeCaseKeys(v);
  });

  api.post(
    '/batches',
    { schema: { ...hide, querystring: Type.Object({ ...SubmitQuery.properties, ...TenantQuery.properties }, { additionalProperties: false }) } },
    async (request, reply) => {
      const { tenant: name, ...query } = request.query;
      const tenant = await ensureTenant(deps.driver, name);
      const { status, batch } = await submitUpload(deps, request.body, String(request.headers['content-type'] ?? ''), tenant.id, query);
      return reply.status(status).serializer(JSON.stringify).send(batch);
    },
  );

  api.get(
    '/batches/:id',
    { schema: { ...hide, params: Type.Object({ id: Type.String({ maxLength: 100 }) }), querystring: TenantQuery } },
    async (request, reply) => {
      const tenant = await findTenantByName(deps.driver, request.query.tenant);
      const b = tenant ? await getBatch(deps.driver, tenant.id, request.params.id) : null;
      if (!b) throw notFound('batch', request.params.id);
      return reply.serializer(JSON.stringify).send(await batchJson(deps.driver, b));
    },
  );
  // `greenline recalculate`: runs to the end before answering, as it does without a server.
  api.post(
    '/recalculations',
    {
      schema: {
        ...hide,
        querystring: TenantQuery,
        body: Type.Object(
          {
            batchId: Type.Optional(Type.String()),
            from: Type.Optional(Type.String()),
            to: Type.Optional(Type.String()),
            dataset: Type.Optional(Type.String()),
            datasetVersion: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const tenant = await findTenantByName(deps.driver, request.query.tenant);
      if (!tenant) throw badRequest('querystring.tenant', `no tenant ${request.query.tenant}`);
      let created: RecalculationRow;
      try {
        created = await createRecalculationFor(deps.driver, tenant.id, request.body);
      } catch (err) {
        if (!(err instanceof RecalculationInputError)) throw err;
        const errors = err.issues.map((i) => ({ field: i.field ? `body.${i.field}` : 'body', message: i.message }));
        throw new HttpProblem(400, 'VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
      }
      const row = await runRecalculation(deps.driver, tenant.id, created.id);
      if (row.recalculated > 0) await app.responseCache.invalidateTags(tenant.id, ['calculations', 'suppliers']);
      return { row };
    },
  );

  // `greenline suppliers import`: the file streamed to the same bulk import as without a server.
  api.post('/suppliers/import', { schema: { ...hide, querystring: TenantQuery } }, async (request, reply) => {
    const tenant = await ensureTenant(deps.driver, request.query.tenant);
    const summary = await importSuppliers(deps.driver, tenant.id, request.body as Readable).catch((err: unknown) => {
      throw err instanceof SupplierFileError ? badRequest('body', err.message) : err;
    });
    await app.responseCache.invalidateTags(tenant.id, ['suppliers']);
    return reply.serializer(JSON.stringify).send(summary);
  });

  // `greenline suppliers match`: one batch of the file's names (up to 10,000) per call.
  api.post(
    '/suppliers/match',
    {
      schema: {
        ...hide,
        querystring: TenantQuery,
        body: Type.Object(
          {
            names: Type.Array(Type.Object({ name: Type.String(), country: Type.String(), lei: Type.String(), duns: Type.String(), vat: Type.String() }), {
              maxItems: 10_000,
            }),
            queue: Type.Boolean(),
            auto_match_threshold: Type.Optional(Type.Number({ minimum: 50, maximum: 100 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const tenant = await ensureTenant(deps.driver, request.query.tenant);
      const { names, queue, auto_match_threshold: autoMatchThreshold } = request.body;
      const backend = localMatchBackend(deps.driver, tenant.id, { queue, autoMatchThreshold });
      return reply.serializer(JSON.stringify).send(await backend(names));
    },
  );
}
