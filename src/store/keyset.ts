/**
 * Opaque, tamper-evident keyset cursors. A cursor carries the sort key of the last row served
 * and an HMAC over it, so a client can pass it back but cannot forge or edit one. Queries use a
 * row-value comparison `(a, b) > ($1, $2)` so rows that tie on the first key are never skipped.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export class CursorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CursorError';
  }
}

export type CursorValues = ReadonlyArray<string | number>;

/**
 * `scope` names the listing and its filters; a cursor from one listing is refused by another,
 * so a client cannot page a filtered list with an unfiltered list's position.
 */
export function encodeCursor(values: CursorValues, secret: string, scope = ''): string {
  const body = Buffer.from(JSON.stringify(values)).toString('base64url');
  return `${body}.${sign(body, secret, scope)}`;
}

export function decodeCursor(cursor: string, secret: string, arity: number, scope = ''): Array<string | number> {
  const dot = cursor.lastIndexOf('.');
  if (dot <= 0) throw new CursorError('cursor is malformed');
  const body = cursor.slice(0, dot);
  // Compared as text, not decoded: base64url decoding ignores the spare low bits of the last
  // character, so comparing bytes would accept a cursor whose last character was edited.
  const mac = Buffer.from(cursor.slice(dot + 1));
  const expected = Buffer.from(sign(body, secret, scope));
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected))
    throw new CursorError('cursor signature does not match (edited, from another listing, or from another installation)');
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('cursor is malformed');
  }
  if (!Array.isArray(values) || values.length !== arity || !values.every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw new CursorError('cursor does not belong to this listing');
  }
  return values as Array<string | number>;
}

function sign(body: string, secret: string, scope: string): string {
  return createHmac('sha256', secret).update(scope).update('\u0000').update(body).digest('base64url').slice(0, 22);
}
