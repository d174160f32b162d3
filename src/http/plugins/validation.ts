/**
 * JSON-schema validation. Bodies are validated strictly (no type coercion, unknown fields are
 * errors, not silently dropped); query strings and path params are coerced, since they arrive
 * as text. Fastify's default would strip unknown body fields and coerce "12" to 12.
 *
 * Every validated part is also checked for text PostgreSQL refuses (unstorable-text.ts), so a NUL
 * byte anywhere in a body, query or path is a 400 naming its field instead of a database error.
 */
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { unstorableText } from './unstorable-text.ts';

// ajv-formats is CommonJS with a default export; under NodeNext its type is the module namespace.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean): Ajv {
  const options: Options = {
    coerceTypes: coerce ? 'array' : false,
    removeAdditional: false,
    useDefaults: true,
    allErrors: true,
    strict: false,
  };
  return addFormats(new Ajv(options));
}

const strictAjv = makeAjv(false);
const coercingAjv = makeAjv(true);

/** `validate`, preceded by the unstorable-text check; its errors come first, in Ajv's shape. */
function withTextCheck(validate: ValidateFunction): ValidateFunction {
  const checked = ((data: unknown, context?: Parameters<ValidateFunction>[1]) => {
    const textErrors = unstorableText(data);
    const valid = validate(data, context);
    checked.errors = textErrors.length > 0 ? [...textErrors, ...(validate.errors ?? [])] : validate.errors;
    return valid && textErrors.length === 0;
  }) as ValidateFunction;
  // Fastify passes the parent object (which Ajv needs to apply defaults to the root) only to validators with a schemaEnv.
  return Object.assign(checked, { schema: validate.schema, schemaEnv: validate.schemaEnv });
}

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strictAjv : coercingAjv;
  return withTextCheck(ajv.compile(schema as object)) as ReturnType<FastifySchemaCompiler<unknown>>;
};
