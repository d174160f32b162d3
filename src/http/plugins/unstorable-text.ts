/**
 * Text PostgreSQL cannot store: the NUL character (text and jsonb refuse U+0000) and unpaired
 * UTF-16 surrogates (JSON can carry "\ud800", which has no UTF-8 form: the driver would send
 * U+FFFD, or jsonb would refuse the escape). Found anywhere in a parsed request part — values
 * and object keys, at any depth — and reported in Ajv's error shape so the error handler names
 * the field (`body.name`, `querystring.q`, `params.id`).
 */

/** NUL, or a surrogate code point (which, with the `u` flag, only a lone surrogate can be). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is the character this looks for
const UNSTORABLE = /[\u0000\p{Cs}]/u;

const MAX_REPORTED = 20;

export interface TextError {
  instancePath: string;
  keyword: 'unstorableText';
  schemaPath: string;
  message: string;
  params: Record<string, unknown>;
}

const what = (text: string) => (text.includes('\u0000') ? 'the NUL character (U+0000)' : 'an unpaired UTF-16 surrogate (not valid Unicode)');

/** JSON Pointer escaping, as Ajv writes instance paths. */
const pointer = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Only what a parser builds is walked: plain objects (the query parser's have a bare prototype of
 * their own) and arrays, never a request stream.
 */
function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
}

/** NUL or any surrogate, paired or not: a cheap first test (no `u` flag), confirmed by UNSTORABLE. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is the character this looks for
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

const unstorable = (text: string) => SUSPECT.test(text) && UNSTORABLE.test(text);

/** Whether anything in `data` is unstorable: the walk every request pays, without building paths. */
function anyUnstorable(value: unknown): boolean {
  if (typeof value === 'string') return unstorable(value);
  if (Array.isArray(value)) {
    for (const v of value) if (anyUnstorable(v)) return true;
    return false;
  }
  if (value === null || typeof value !== 'object' || !isPlainObject(value)) return false;
  for (const key in value) if (unstorable(key) || anyUnstorable(value[key])) return true;
  return false;
}

/** Every string (and object key) in `data` PostgreSQL would refuse, at most MAX_REPORTED. */
export function unstorableText(data: unknown): TextError[] {
  const found: TextError[] = [];
  if (!anyUnstorable(data)) return found;
  const visit = (value: unknown, path: string): void => {
    if (found.length >= MAX_REPORTED) return;
    if (typeof value === 'string') {
      if (unstorable(value))
        found.push({ instancePath: path, keyword: 'unstorableText', schemaPath: '#', message: `must not contain ${what(value)}`, params: {} });
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) visit(value[i], `${path}/${i}`);
    } else if (value !== null && typeof value === 'object' && isPlainObject(value)) {
      for (const key of Object.keys(value)) {
        if (unstorable(key)) {
          found.push({ instancePath: path, keyword: 'unstorableText', schemaPath: '#', message: `field names must not contain ${what(key)}`, params: {} });
        } else {
          visit(value[key], `${path}/${pointer(key)}`);
        }
      }
    }
  };
  visit(data, '');
  return found;
}
