import { describe, expect, it } from 'vitest';
import { decodeSeek, type Keyset } from '../../src/store/keyset-pages.ts';
import { CursorError, decodeCursor, encodeCursor } from '../../src/store/keyset.ts';

describe('keyset cursors', () => {
  it('round-trip their values', () => {
    const c = encodeCursor(['2024-01-01', 'abc', 7], 'secret', 'scope');
    expect(decodeCursor(c, 'secret', 3, 'scope')).toEqual(['2024-01-01', 'abc', 7]);
  });

  it('refuse an edited cursor, another secret, or another listing', () => {
    const c = encodeCursor(['abc'], 'secret', 'scope');
    const body = Buffer.from(JSON.stringify(['abd'])).toString('base64url');
    const forged = `${body}.${c.split('.')[1]}`;
    expect(() => decodeCursor(forged, 'secret', 1, 'scope')).toThrow(CursorError);
    expect(() => decodeCursor(c, 'other', 1, 'scope')).toThrow(/signature/);
    expect(() => decodeCursor(c, 'secret', 1, 'other-scope')).toThrow(/signature/);
    expect(() => decodeCursor('garbage', 'secret', 1)).toThrow(/malformed/);
    expect(() => decodeCursor(c, 'secret', 2, 'scope')).toThrow(/does not belong/);
  });

  it('refuse a cursor with any one character changed, the last one included', () => {
    const c = encodeCursor(['n', '2024-01-01', 'em_1'], 'secret', 'scope');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    for (let i = 0; i < c.length; i++) {
      for (const ch of alphabet) {
        if (ch === c[i]) continue;
        const edited = c.slice(0, i) + ch + c.slice(i + 1);
        expect(() => decodeCursor(edited, 'secret', 3, 'scope'), `${i}: ${ch}`).toThrow(CursorError);
      }
    }
  });

  it('refuse, as another listing’s, a cursor whose int8 tiebreak is not a number (one signed before migration 006)', () => {
    const keyset: Keyset = {
      column: 'activity_date',
      type: 'date',
      descending: true,
      tiebreak: { column: 'row_no', type: 'int8' },
      secret: 's',
      scope: 'emissions:t',
    };
    expect(decodeSeek(keyset, encodeCursor(['n', '2024-01-01', '1234'], 's', 'emissions:t'))).toEqual({ backward: false, key: '2024-01-01', id: '1234' });
    expect(() => decodeSeek(keyset, encodeCursor(['n', '2024-01-01', 'calc_01a2276ec3aa0001'], 's', 'emissions:t'))).toThrow(CursorError);
  });
});
