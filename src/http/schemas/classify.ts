/**
 * POST /v1/classify/spend: its body, its answer, and the per-line check. Lines are checked one by
 * one (not by the schema's union) so that a bad line is reported by its index and field in one
 * plain message.
 */
import { type TSchema, Type } from 'typebox';
import type { SpendLine } from '../../domain/classify/types.ts';
import type { FieldError } from '../problem.ts';
import { documentedAs } from './documented.ts';

export const MAX_CLASSIFY_LINES = 10_000;
export const MAX_DESCRIPTION = 1_000;
export const MAX_SUPPLIER = 300;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const Description = Type.String({ minLength: 1, maxLength: MAX_DESCRIPTION, description: 'the purchase line’s free text' });
const LineObject = Type.Object(
  {
    description: Description,
    supplier: Type.Optional(Type.String({ maxLength: MAX_SUPPLIER, description: 'who was paid; its words count less than the description’s' })),
    amount: Type.Optional(Type.Number({ description: 'kept with the line; not used to classify' })),
  },
  { additionalProperties: false },
);

/** One line: its text, or an object with the text and optionally the supplier and amount. */
const SpendLineBody = documentedAs(Type.Unknown({ description: 'a description, or {description, supplier?, amount?}' }), {
  anyOf: [Description, LineObject],
});

export const ClassifyBody = Type.Object(
  {
    lines: Type.Array(SpendLineBody, { minItems: 1, maxItems: MAX_CLASSIFY_LINES, description: `1 to ${MAX_CLASSIFY_LINES.toLocaleString('en-US')} lines` }),
    include_evidence: Type.Optional(Type.Boolean({ description: 'answer each line’s evidence (default true)' })),
    fallback: Type.Optional(
      Type.Boolean({
        description:
          'ask the LLM gateway about lines the local classifier answers below fallback_threshold (default false; needs GREENLINE_LLM_BASE_URL and a write-scope key: the calls cost money and go to the ledger)',
      }),
    ),
    fallback_threshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'lines below this local confidence are asked about (default 0.4)' })),
  },
  { additionalProperties: false },
);

const Evidence = Type.Object({
  term: Type.String({ description: 'the line’s term(s), normalized' }),
  field: Type.Union([Type.Literal('description'), Type.Literal('supplier')]),
  source: Type.Union([Type.Literal('keyword'), Type.Literal('title'), Type.Literal('fallback')]),
  matched: Type.String({ description: 'the keyword as listed, or the NAICS title' }),
  weight: Type.Number({ description: 'the term’s share of the code’s score' }),
});

const LineResult = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  naics: Nullable(Type.String({ description: 'NAICS 2017 six-digit code; null when nothing in the line matched' })),
  industry: Nullable(Type.String({ description: 'the six-digit industry’s title (the spend category)' })),
  naics4: Nullable(Type.String()),
  naics2: Nullable(Type.String()),
  sector: Nullable(Type.String({ description: 'the NAICS sector’s name' })),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  evidence: Type.Optional(Type.Array(Evidence)),
  alternatives: Type.Array(Type.Object({ naics: Type.String(), industry: Type.String() }), { description: 'the next best codes, best first' }),
  classifier: Type.Optional(
    Type.Object(
      { name: Type.String(), version: Type.String() },
      { description: 'with fallback: who decided this line (the local classifier, or llm:<model>)' },
    ),
  ),
});

const FallbackReport = Type.Object(
  {
    threshold: Type.Number(),
    asked: Type.Integer({ description: 'lines below the threshold' }),
    accepted: Type.Integer({ description: 'answers with a code of the NAICS list, used' }),
    rejected: Type.Array(Type.Object({ index: Type.Integer(), naics: Type.String() }), {
      description: 'answers whose code is not in the list (the local answer stands)',
    }),
    failed: Type.Integer({ description: 'calls that failed or were not sent (the local answer stands)' }),
    stopped: Nullable(
      Type.Object(
        { status: Type.Integer(), code: Type.String(), message: Type.String() },
        {
          description:
            'the gateway refused a call as it would refuse the rest (budget 402, rate 429, no model for classify 400…): the lines after it were not sent',
        },
      ),
    ),
  },
  { description: 'present when fallback was asked for' },
);

export const ClassifyAnswer = Type.Object({
  classifier: Type.Object({ name: Type.String(), version: Type.String({ description: 'method version + hash of its data and parameters' }) }),
  lines: Type.Integer(),
  classified: Type.Integer(),
  unclassified: Type.Integer(),
  fallback: Type.Optional(FallbackReport),
  results: Type.Array(LineResult),
});

/** The body's lines as SpendLines, or the field errors of those that are not lines. */
export function readSpendLines(lines: readonly unknown[]): { lines: SpendLine[]; errors: FieldError[] } {
  const out: SpendLine[] = [];
  const errors: FieldError[] = [];
  lines.forEach((line, i) => {
    const field = `body.lines[${i}]`;
    if (typeof line === 'string') {
      const problem = textProblem(line, MAX_DESCRIPTION);
      if (problem) errors.push({ field, message: problem });
      else out.push({ description: line });
      return;
    }
    if (line === null || typeof line !== 'object' || Array.isArray(line)) {
      errors.push({ field, message: 'must be a description (string) or an object with a description' });
      return;
    }
    const { description, supplier, amount, ...unknown } = line as Record<string, unknown>;
    for (const name of Object.keys(unknown)) errors.push({ field: `${field}.${name}`, message: 'is not a known field (description, supplier, amount)' });
    if (description === undefined) errors.push({ field: `${field}.description`, message: 'is required' });
    else if (typeof description !== 'string') errors.push({ field: `${field}.description`, message: 'must be a string' });
    else {
      const problem = textProblem(description, MAX_DESCRIPTION);
      if (problem) errors.push({ field: `${field}.description`, message: problem });
    }
    if (supplier !== undefined && supplier !== null && (typeof supplier !== 'string' || supplier.length > MAX_SUPPLIER))
      errors.push({ field: `${field}.supplier`, message: `must be a string of at most ${MAX_SUPPLIER} characters` });
    if (amount !== undefined && amount !== null && (typeof amount !== 'number' || !Number.isFinite(amount)))
      errors.push({ field: `${field}.amount`, message: 'must be a number' });
    if (errors.length === 0)
      out.push({
        description: description as string,
        ...(typeof supplier === 'string' && supplier !== '' ? { supplier } : {}),
        ...(typeof amount === 'number' ? { amount } : {}),
      });
  });
  return { lines: out, errors };
}

function textProblem(text: string, max: number): string | null {
  if (text.trim() === '') return 'must not be empty';
  if (text.length > max) return `must be at most ${max} characters`;
  return null;
}
