/**
 * The per-category record schemas OpenAPI documents (src/http/schemas/records.ts) list exactly the
 * fields the engine accepts for each category: every documented field is known to the category's
 * module, and every field documented for another category (or made up) is refused by it.
 */
import { describe, expect, it } from 'vitest';
import { CATEGORY_MODULES } from '../../src/domain/scope3/categories/index.ts';
import { planRecord } from '../../src/domain/scope3/engine.ts';
import { categoryRecord } from '../../src/http/schemas/records.ts';
import { ctx } from '../domain/scope3/harness.ts';

const UNKNOWN = 'is not a known field for this category';

/** The fields the engine calls unknown in a record of `category` carrying `fields`. */
function unknownFields(category: number, fields: readonly string[]): string[] {
  const record: Record<string, unknown> = { category, date: '2024-01-01' };
  for (const f of fields) record[f] ??= 'x';
  const outcome = planRecord(record, ctx);
  return outcome.ok ? [] : outcome.issues.filter((i) => i.message === UNKNOWN).map((i) => i.field);
}

const categories = [...CATEGORY_MODULES.keys()].sort((a, b) => a - b);
const documented = new Map(categories.map((c) => [c, Object.keys(categoryRecord(c).properties)]));
const everyField = [...new Set([...documented.values()].flat()), 'not_a_field'];

describe('record schemas in OpenAPI', () => {
  it('cover every category', () => {
    expect(categories).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  });

  it.each(categories)('category %i documents the fields its module accepts, and no others', (category) => {
    const own = documented.get(category)!;
    expect(unknownFields(category, own)).toEqual([]);
    const others = everyField.filter((f) => !own.includes(f));
    expect(unknownFields(category, others).sort()).toEqual([...others].sort());
  });
});
