/** What PostgreSQL cannot store, found anywhere in a parsed request part (src/http/plugins/unstorable-text.ts). */
import { describe, expect, it } from 'vitest';
import { unstorableText } from '../../src/http/plugins/unstorable-text.ts';

const paths = (data: unknown) => unstorableText(data).map((e) => [e.instancePath, e.message]);

describe('unstorable text', () => {
  it('passes text PostgreSQL stores, surrogate pairs included', () => {
    expect(unstorableText({ name: 'Müller 💩 ٣', list: ['a', 1, null, true, { deep: '\u202e' }] })).toEqual([]);
    expect(unstorableText('plain')).toEqual([]);
  });

  it('finds NUL and unpaired surrogates at any depth, with Ajv instance paths', () => {
    expect(paths({ name: 'a\u0000b', items: [{ note: 'x\ud800' }, { note: 'ok', 'a/b~c': '\udfff' }] })).toEqual([
      ['/name', 'must not contain the NUL character (U+0000)'],
      ['/items/0/note', 'must not contain an unpaired UTF-16 surrogate (not valid Unicode)'],
      ['/items/1/a~1b~0c', 'must not contain an unpaired UTF-16 surrogate (not valid Unicode)'],
    ]);
  });

  it('names the object whose field name is unstorable', () => {
    expect(paths({ record: { 'note\u0000': 1 } })).toEqual([['/record', 'field names must not contain the NUL character (U+0000)']]);
  });

  it('walks query objects with a bare prototype, never streams', () => {
    const query = Object.create(Object.create(null)) as Record<string, string>;
    query.q = 'a\u0000';
    expect(paths(query)).toEqual([['/q', 'must not contain the NUL character (U+0000)']]);
    class Stream {
      text = '\u0000';
    }
    expect(unstorableText(new Stream())).toEqual([]);
  });
});
