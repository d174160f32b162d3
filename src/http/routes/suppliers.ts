/**
 * Suppliers: register (identifiers checked and stored canonical), list in keyset pages by name, one
 * with its emissions summary, match up to 10,000 names against the tenant's suppliers (names to
 * review are queued: routes/supplier-review.ts), and the tenant's matching settings.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { printed, printedValues } from '../../domain/printed-number.ts';
import { validateDuns, validateIdentifiers, validateLei, validateVat } from '../../domain/suppliers/identifiers.ts';
import type { SupplierMention } from '../../domain/suppliers/match.ts';
import { metrics } from '../../metrics/registry.ts';
import { StoreError } from '../../store/driver.ts';
import { supplierIndexCacheFor } from '../../store/supplier-index-cache.ts';
import { type QueueOutcome, queueReviews, type ReviewMention, reviewKey } from '../../store/supplier-review.ts';
import {
  createSupplier,
  getSupplier,
  listSuppliers,
  type SupplierEmissions,
  type Supplier as SupplierRecord,
  setAutoMatchThreshold,
  supplierEmissions,
  supplierMatchingState,
} from '../../store/suppliers.ts';
import { badRequest, HttpProblem, notFound } from '../problem.ts';
import { IdParams, Problem } from '../schemas/common.ts';
import { keysetList, PageCursor, pageEnvelope } from '../schemas/pages.ts';
import { snakeCaseKeys } from '../snake-case.ts';
import { SupplierMatching } from '../supplier-matching/matching.ts';
import type { RouteDeps } from './deps.ts';
import { mergedSupplierProblem } from './supplier-merge.ts';

const Country = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2' });

/** Identifiers as sent; the domain validators (identifiers.ts) check them and give their canonical form. */
const Lei = Type.String({ minLength: 1, maxLength: 40, description: 'Legal Entity Identifier (ISO 17442): 20 characters, ISO 7064 check digits' });
const Duns = Type.String({ minLength: 1, maxLength: 20, description: 'D-U-N-S number: 9 digits, dashes and spaces allowed' });
const Vat = Type.String({ minLength: 1, maxLength: 30, description: 'VAT number with its country prefix (DE136695976), checked per country' });

const NewSupplier = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    country: Type.Optional(Country),
    duns: Type.Optional(Duns),
    lei: Type.Optional(Lei),
    vat: Type.Optional(Vat),
    naics: Type.Optional(Type.String({ pattern: '^[0-9]{2,6}$' })),
  },
  { additionalProperties: false },
);

const MAX_MATCH_NAMES = 10_000;

const MatchName = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    country: Type.Optional(Country),
    lei: Type.Optional(Lei),
    duns: Type.Optional(Duns),
    vat: Type.Optional(Vat),
  },
  { additionalProperties: false },
);

const THRESHOLD_HELP = 'Confidence from which a match is automatic; below it, from 40, the best candidate goes to review';
const Threshold = Type.Number({ minimum: 50, maximum: 100, description: THRESHOLD_HELP });

const MatchBody = Type.Object(
  {
    names: Type.Array(MatchName, { minItems: 1, maxItems: MAX_MATCH_NAMES }),
    auto_match_threshold: Type.Optional(
      Type.Number({ minimum: 50, maximum: 100, description: `${THRESHOLD_HELP}; the tenant's setting (GET /v1/suppliers/settings) when absent` }),
    ),
    queue: Type.Boolean({ default: true, description: 'Queue the names of status review for a reviewer (GET /v1/suppliers/review)' }),
  },
  { additionalProperties: false },
);

const MatchingSettings = Type.Object(
  {
    auto_match_threshold: Threshold,
    version: Type.String({ description: "The tenant's supplier version: changes with every write to its suppliers, aliases or rejections" }),
  },
  { additionalProperties: false },
);
const MatchingSettingsBody = Type.Object({ auto_match_threshold: Threshold }, { additionalProperties: false });

const MatchRule = Type.Union([Type.Literal('identifier'), Type.Literal('exact_name'), Type.Literal('fuzzy')]);

const MatchWhy = Type.Object(
  {
    rule: MatchRule,
    via: Type.Union(
      ['lei', 'duns', 'vat', 'alias', 'name', 'spacing', 'tokens'].map((v) => Type.Literal(v)),
      {
        description: 'What matched: an identifier, an accepted alias, the name, the name without spaces, or tokens',
      },
    ),
    mention: Type.String({ description: 'The name sent, as compared' }),
    candidate: Type.String({ description: "The supplier's name, as compared" }),
    shared_tokens: Type.Array(Type.String(), { description: 'Tokens of the name found in the supplier’s; `a~b` when a matched b as a typo or abbreviation' }),
    missing_tokens: Type.Array(Type.String(), { description: 'Tokens of the name the supplier’s lacks' }),
    extra_tokens: Type.Array(Type.String(), { description: 'Tokens of the supplier’s name the name lacks' }),
    country: Type.Union([Type.Literal('same'), Type.Literal('different'), Type.Literal('unknown')]),
    legal_form: Type.Union([Type.Literal('same'), Type.Literal('same_family'), Type.Literal('different'), Type.Literal('unknown')]),
    scores: Type.Optional(
      Type.Object(
        {
          token_set: Type.Number(),
          token_sort: Type.Number(),
          jaro_winkler: Type.Number(),
          base: Type.Number(),
          missing_penalty: Type.Number(),
          extra_penalty: Type.Number(),
          country_adjustment: Type.Number(),
          legal_form_adjustment: Type.Number(),
        },
        { description: 'The parts of a fuzzy confidence (docs/suppliers.md)' },
      ),
    ),
    notes: Type.Array(Type.String(), { description: 'Why the confidence or the status is not the plain outcome of the rule' }),
  },
  { additionalProperties: false },
);

const MatchCandidateJson = Type.Object(
  { supplier_id: Type.String(), name: Type.String(), confidence: Type.Number({ minimum: 0, maximum: 100 }) },
  { additionalProperties: false },
);

const MatchResultJson = Type.Object(
  {
    index: Type.Integer({ minimum: 0, description: 'Position of the name in `names`' }),
    status: Type.Union([Type.Literal('matched'), Type.Literal('review'), Type.Literal('no_match')]),
    best: Type.Union([Type.Object({ ...MatchCandidateJson.properties, rule: MatchRule, why: MatchWhy }, { additionalProperties: false }), Type.Null()]),
    candidates: Type.Array(MatchCandidateJson, { maxItems: 5, description: 'The scored candidates, best first' }),
    review_id: Type.Optional(Type.String({ description: 'The review queue item the name went to (status review, queued)' })),
  },
  { additionalProperties: false },
);

const MatchResponse = Type.Object(
  {
    results: Type.Array(MatchResultJson),
    totals: Type.Object({ matched: Type.Integer(), review: Type.Integer(), no_match: Type.Integer() }, { additionalProperties: false }),
    auto_match_threshold: Type.Number({ description: 'The threshold the names were matched with' }),
    queued: Type.Union(
      [
        Type.Object(
          {
            created: Type.Integer({ description: 'New review items' }),
            updated: Type.Integer({ description: 'Pending items seen again (counted)' }),
            skipped: Type.Integer({ description: 'Names not queued: every candidate they had was a rejected pair' }),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ],
      { description: 'What went to the review queue; null with `queue: false`' },
    ),
  },
  { additionalProperties: false },
);

const SupplierListQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 300,
        description: 'Name prefix, matched against normalized names (case, accents, punctuation and legal suffixes ignored)',
      }),
    ),
    country: Type.Optional(Country),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    cursor: Type.Optional(PageCursor),
  },
  { additionalProperties: false },
);

const Nullable = Type.Union([Type.String(), Type.Null()]);
const Supplier = Type.Object(
  { id: Type.String(), name: Type.String(), normalized_name: Type.String(), country: Nullable, duns: Nullable, lei: Nullable, vat: Nullable, naics: Nullable },
  {},
);

const EmissionsSummary = Type.Object({
  kg_co2e: Type.Number(),
  t_co2e: Type.Number(),
  rows: Type.Integer(),
  by_category: Type.Record(Type.String({ pattern: '^[0-9]+$' }), Type.Number(), { description: 'kg CO2e by Scope 3 category' }),
  first_month: Type.Union([Type.String(), Type.Null()], { description: 'YYYY-MM of the earliest activity (totals are kept by month)' }),
  last_month: Type.Union([Type.String(), Type.Null()], { description: 'YYYY-MM of the latest activity' }),
});

const SupplierWithEmissions = Type.Object({ ...Supplier.properties, emissions: EmissionsSummary });

function toJson(s: SupplierRecord) {
  return { id: s.id, name: s.name, normalized_name: s.normalizedName, country: s.country, duns: s.duns, lei: s.lei, vat: s.vat, naics: s.naics };
}

/** Checks the identifiers of a new supplier (the field named in each problem) and gives their canonical forms. */
function checkedIdentifiers(body: { lei?: string | undefined; duns?: string | undefined; vat?: string | undefined }) {
  const checked = validateIdentifiers({ lei: body.lei, duns: body.duns, vat: body.vat }, 'body');
  if (!checked.ok) throw new HttpProblem(400, 'VALIDATION_FAILED', checked.problems.map((p) => `${p.field}: ${p.message}`).join('; '), checked.problems);
  return checked.value;
}

/** A name to match, with its identifiers in canonical form where valid; one that is not simply matches nothing. */
function mentionOf(n: {
  name: string;
  country?: string | undefined;
  lei?: string | undefined;
  duns?: string | undefined;
  vat?: string | undefined;
}): SupplierMention {
  const canonical = (raw: string | undefined, validate: typeof validateLei) => {
    if (raw === undefined) return null;
    const c = validate(raw, '');
    return c.ok ? c.value : raw;
  };
  return {
    name: n.name,
    country: n.country ?? null,
    lei: canonical(n.lei, validateLei),
    duns: canonical(n.duns, validateDuns),
    vat: canonical(n.vat, validateVat),
  };
}

function emissionsJson(e: SupplierEmissions) {
  return {
    kg_co2e: printed(e.kgCo2e),
    t_co2e: printed(e.kgCo2e / 1000),
    rows: e.rows,
    by_category: printedValues(e.byCategory),
    first_month: e.firstMonth,
    last_month: e.lastMonth,
  };
}

export function supplierRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { driver, cursorSecret } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  // Each tenant's supplier index for matching, per app: rebuilt when the tenant's suppliers change.
  const indexes = supplierIndexCacheFor(driver);
  // What the match route runs: on the match threads when there are some, answers remembered per tenant version.
  const matching = new SupplierMatching(driver, indexes, deps.supplierMatchThreads);
  const errors = { 400: Problem, 401: Problem, 404: Problem };
  api.post(
    '/suppliers',
    { schema: { tags: ['suppliers'], summary: 'Register a supplier', body: NewSupplier, response: { 201: Supplier, ...errors, 409: Problem } } },
    async (request, reply) => {
      const identifiers = checkedIdentifiers(request.body);
      const supplier = await createSupplier(driver, request.tenant.id, {
        ...request.body,
        lei: identifiers.lei,
        duns: identifiers.duns,
        vat: identifiers.vat,
      }).catch((err: unknown) => {
        metrics.suppliers.inc({ outcome: err instanceof StoreError && err.code === 'ALREADY_EXISTS' ? 'duplicate' : 'failed' });
        throw err;
      });
      metrics.suppliers.inc({ outcome: 'created' });
      indexes.invalidate(request.tenant.id);
      await app.responseCache.invalidateTags(request.tenant.id, ['suppliers']);
      return reply.status(201).send(toJson(supplier));
    },
  );
  // A read with a body too large for a query string (plugins/auth.ts READING_POSTS): a read key may call it; not audited.
  api.post(
    '/suppliers/match',
    {
      schema: {
        tags: ['suppliers'],
        summary: "Match up to 10,000 supplier names against the tenant's suppliers: identifier, exact name, then fuzzy",
        body: MatchBody,
        response: { 200: MatchResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { names, queue } = request.body;
      for (const [i, n] of names.entries()) {
        if (n.name.trim() === '') throw badRequest(`body.names[${i}].name`, 'must not be blank');
      }
      const tenantId = request.tenant.id;
      const mentions = names.map(mentionOf);
      const { answers, autoMatchThreshold } = await matching.match(tenantId, mentions, request.body.auto_match_threshold);
      const totals = { matched: 0, review: 0, no_match: 0 };
      const toReview: ReviewMention[] = [];
      const reviewed: { at: number; key: string }[] = [];
      answers.forEach((a, i) => {
        totals[a.status]++;
        if (queue && a.review) {
          toReview.push({ mention: mentions[i]!, result: a.review });
          reviewed.push({ at: i, key: reviewKey(a.review.mention.normalized, mentions[i]!.country) });
        }
      });
      const reviewIds = new Map<number, string>();
      let queued: QueueOutcome | null = null;
      if (queue) {
        queued = await queueReviews(driver, tenantId, toReview, { kind: 'match' });
        for (const { at, key } of reviewed) {
          const id = queued.itemIds.get(key);
          if (id !== undefined) reviewIds.set(at, id);
        }
      }
      for (const status of ['matched', 'review', 'no_match'] as const) if (totals[status] > 0) metrics.supplierMatches.inc({ status }, totals[status]);
      const queuedJson = queued && { created: queued.created, updated: queued.updated, skipped: queued.skipped };
      // Each answer arrives as its JSON text (supplier-matching/answer-json.ts): joined here, not serialized again.
      // The schema stays for OpenAPI; the texts follow it (the route's tests read them back).
      const results = answers.map((a, i) => {
        const id = reviewIds.get(i);
        return `{"index":${i},${a.members}${id === undefined ? '' : `,"review_id":${JSON.stringify(id)}`}}`;
      });
      const tail = JSON.stringify({ totals, auto_match_threshold: autoMatchThreshold, queued: queuedJson }).slice(1);
      const text = `{"results":[${results.join(',')}],${tail}`;
      return reply.header('content-type', 'application/json; charset=utf-8').send(text as never);
    },
  );
  api.get(
    '/suppliers',
    {
      schema: {
        tags: ['suppliers'],
        summary: 'Suppliers by name, in keyset pages',
        querystring: SupplierListQuery,
        response: { 200: keysetList(Supplier), ...errors },
      },
      config: { cache: { strategy: 'short', tags: () => ['suppliers'] } },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const page = await listSuppliers(driver, request.tenant.id, filter, { limit, cursor, secret: cursorSecret });
      return { data: page.items.map(toJson), ...pageEnvelope('/v1/suppliers', request.query, [], page) };
    },
  );
  api.get(
    '/suppliers/settings',
    {
      schema: {
        tags: ['suppliers'],
        summary: "The tenant's supplier matching settings: the auto-match threshold and the supplier version",
        response: { 200: MatchingSettings, ...errors },
      },
    },
    async (request) => {
      const state = await supplierMatchingState(driver, request.tenant.id);
      return { auto_match_threshold: state.autoMatchThreshold, version: state.version };
    },
  );
  api.put(
    '/suppliers/settings',
    {
      schema: {
        tags: ['suppliers'],
        summary: "Sets the tenant's auto-match threshold (50–100, default 85), used by matching and ingest when a call gives none",
        body: MatchingSettingsBody,
        response: { 200: MatchingSettings, ...errors },
      },
    },
    async (request) => {
      const state = await setAutoMatchThreshold(driver, request.tenant.id, request.body.auto_match_threshold);
      return { auto_match_threshold: state.autoMatchThreshold, version: state.version };
    },
  );
  api.get(
    '/suppliers/:id',
    {
      schema: {
        tags: ['suppliers'],
        summary: 'One supplier with its emissions summary (a merged one: 301 to the supplier it was merged into)',
        params: IdParams,
        response: { 200: SupplierWithEmissions, 301: Problem, ...errors },
      },
      config: { cache: { strategy: 'short', tags: () => ['suppliers'] } },
    },
    async (request) => {
      const [s, emissions] = await Promise.all([
        getSupplier(driver, request.tenant.id, request.params.id),
        supplierEmissions(driver, request.tenant.id, request.params.id),
      ]);
      if (!s) throw (await mergedSupplierProblem(driver, request.tenant.id, request.params.id)) ?? notFound('supplier', request.params.id);
      return { ...toJson(s), emissions: emissionsJson(emissions) };
    },
  );
}
