/** The answers of /v1/batches, as OpenAPI documents them (the routes write them with JSON.stringify). */
import { Type } from 'typebox';

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);

export const Batch = Type.Object({
  id: Type.String(),
  status: Type.String({ description: 'pending, running, succeeded, failed or interrupted (stopped part-way; it resumes) (docs/ingest.md)' }),
  type: Type.String({ description: 'the record type' }),
  source_name: NullableString,
  content_sha256: NullableString,
  rows: Type.Object({
    total: Type.Union([Type.Integer(), Type.Null()], { description: 'known once the batch succeeded' }),
    processed: Type.Integer(),
    stored: Type.Integer(),
    failed: Type.Integer(),
    with_warnings: Type.Integer({
      description: 'stored rows whose results carry warnings (a stand-in factor, a rate year the tables do not cover; docs/calculations.md)',
    }),
  }),
  rows_per_second: NullableInteger,
  kg_co2e: Type.Number(),
  t_co2e: Type.Number(),
  by_category_kg: Type.Record(Type.String(), Type.Number()),
  error: NullableString,
  supplier_names: Type.Union(
    [
      Type.Object({
        matched: Type.Integer({ description: 'rows stored with the supplier the matcher found for their supplier_name' }),
        by_rule: Type.Object({ identifier: Type.Integer(), exact_name: Type.Integer(), fuzzy: Type.Integer() }),
        review: Type.Integer({ description: 'rows stored without a supplier: the best candidate is below the auto-match threshold' }),
        no_match: Type.Integer({ description: 'rows stored without a supplier: no candidate' }),
        id_given: Type.Integer({ description: 'rows that gave a supplier_id beside the name (the id wins)' }),
        queued_for_review: Type.Integer({ description: 'review items the batch created (a name already waiting is counted there as seen again)' }),
      }),
      Type.Null(),
    ],
    { description: "how the rows' supplier names were resolved (docs/ingest.md); null when the file named no supplier" },
  ),
  created_at: Type.String({ format: 'date-time' }),
  started_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  finished_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  links: Type.Object({ self: Type.String(), errors: Type.String() }),
});

export const BatchErrorPage = Type.Object({
  data: Type.Array(
    Type.Object({
      row: Type.Integer({ description: 'data record number, from 1 (the CSV header is row 0)' }),
      field: NullableString,
      value: NullableString,
      reason: Type.String(),
    }),
  ),
  page_info: Type.Object({
    has_next_page: Type.Boolean(),
    next_cursor: Type.Union([Type.String({ description: 'pass as `after`' }), Type.Null()]),
  }),
});
