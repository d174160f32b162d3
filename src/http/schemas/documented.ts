/**
 * Schemas OpenAPI describes more precisely than the validator checks them. A calculation record
 * is the example: the engine validates it field by field, so one bad record in a batch fails on
 * its own with messages naming its fields, while OpenAPI describes each category's record as one
 * branch of a `oneOf`. The OpenAPI transform (plugins/openapi-contract.ts) puts the documented
 * form in place of the validated one; validation never sees it.
 */
const documentedForms = new WeakMap<object, object>();

/** Registers `documented` as the OpenAPI form of `validated`; returns `validated`. */
export function documentedAs<T extends object>(validated: T, documented: object): T {
  documentedForms.set(validated, documented);
  return validated;
}

/**
 * A copy of `schema` with every registered schema inside it (at any depth) in its documented
 * form, and fields with a `default` documented as optional (the validator fills them in; TypeBox
 * lists them as required).
 */
export function withDocumentedForms(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withDocumentedForms);
  if (schema === null || typeof schema !== 'object') return schema;
  const documented = documentedForms.get(schema);
  if (documented) return documented === schema ? schema : withDocumentedForms(documented);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = withDocumentedForms(value);
  const properties = out.properties as Record<string, { default?: unknown }> | undefined;
  if (Array.isArray(out.required) && properties) {
    out.required = out.required.filter((name: string) => properties[name]?.default === undefined);
    if ((out.required as string[]).length === 0) delete out.required;
  }
  return out;
}
