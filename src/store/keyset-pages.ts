/**
 * Keyset pages in both directions over an order `(sort key, tiebreak)`, shared by the listings
 * that page this way (emissions, suppliers). The tiebreak is a unique column: `id` for suppliers,
 * `row_no` for emissions (its index is keyed by numbers, migration 006).
 *
 * A page cursor carries a direction with the position of the row it was taken from: a page's
 * `start_cursor` reads the rows before its first row, its `end_cursor` the rows after its last,
 * so one `cursor` parameter pages either way and a client cannot mix up the two. Both directions
 * are one row-value comparison `(key, id) < ($k, $id)` (or `>`) on an index ending in
 * `(key, id)`: ties on the key are ordered by id, so no row is skipped or served twice, and the
 * index is entered at the position instead of counted through (constant cost at any depth).
 * Paging backward reads the index the other way from the position and reverses the rows.
 */
import { CursorError, decodeCursor, encodeCursor } from './keyset.ts';

export type SortKey = string | number;

/** A place in the order: the sort key and tiebreak value of one row (text, or an int8 as text). */
export interface Position {
  key: SortKey;
  id: string;
}

/** Where a page starts: after `position` (forward) or before it (backward). */
export interface Seek extends Position {
  backward: boolean;
}

export interface Keyset {
  /** The sort column: trusted SQL, never user input. */
  column: string;
  /** Its SQL type, to cast the cursor's value to (a text parameter would not match a date index). */
  type: 'date' | 'float8' | 'text' | 'timestamptz';
  /** The unique column that orders ties, with its SQL type; `id` (text) when not given. */
  tiebreak?: { column: string; type: 'text' | 'int8' };
  descending: boolean;
  secret: string;
  /** Names the listing, tenant, filters and sort: a cursor is refused anywhere else. */
  scope: string;
}

/** A page starts from a cursor, or from an offset into the list (0: the first page). */
export type PageStart = { seek: Seek } | { offset: number };

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Reads the rows before this page; null on an empty list. */
  startCursor: string | null;
  /** Reads the rows after this page; null on an empty list. */
  endCursor: string | null;
}

const FORWARD = 'n';
const BACKWARD = 'p';

function encodeSeek(keyset: Keyset, backward: boolean, at: Position): string {
  return encodeCursor([backward ? BACKWARD : FORWARD, at.key, at.id], keyset.secret, keyset.scope);
}

/** Checks a cursor's signature against the listing's scope; throws CursorError (a 400) otherwise. */
export function decodeSeek(keyset: Keyset, cursor: string): Seek {
  const [direction, key, id] = decodeCursor(cursor, keyset.secret, 3, keyset.scope);
  const keyType = keyset.type === 'float8' ? 'number' : 'string';
  // An int8 tiebreak must be digits: a cursor signed before the listing's tiebreak became a row
  // number (migration 006) carries an id there, which PostgreSQL would refuse with an error.
  const tieOk = typeof id === 'string' && (keyset.tiebreak?.type !== 'int8' || /^-?\d{1,19}$/.test(id));
  if ((direction !== FORWARD && direction !== BACKWARD) || typeof key !== keyType || !tieOk) {
    throw new CursorError('cursor does not belong to this listing');
  }
  return { backward: direction === BACKWARD, key: key as SortKey, id };
}

/**
 * The ORDER BY of a page and, from a cursor, its range condition. `param` adds a value to the
 * statement's parameters and returns its placeholder. Both columns go one direction, so an index
 * ending in (key, id) serves the order read forward or backward, with no sort.
 */
export function seekSql(keyset: Keyset, start: PageStart, param: (value: unknown) => string): { condition: string | null; orderBy: string } {
  const seek = 'seek' in start ? start.seek : null;
  const descending = keyset.descending !== (seek?.backward ?? false);
  const direction = descending ? 'DESC' : 'ASC';
  const tie = keyset.tiebreak ?? { column: 'id', type: 'text' };
  const orderBy = `${keyset.column} ${direction}, ${tie.column} ${direction}`;
  if (!seek) return { condition: null, orderBy };
  const condition = `(${keyset.column}, ${tie.column}) ${descending ? '<' : '>'} (${param(seek.key)}::${keyset.type}, ${param(seek.id)}::${tie.type})`;
  return { condition, orderBy };
}

/**
 * Turns the `limit + 1` rows a page query fetched into the page: the extra row only says there
 * is more in the direction read. The other direction is known from where the page started (a
 * cursor means a row was served on that side), so it costs no query; after a concurrent delete
 * a link may therefore lead to an empty page, whose cursors stay at the position it started from.
 */
export function toPage<R, T>(keyset: Keyset, fetched: R[], limit: number, start: PageStart, positionOf: (row: R) => Position, item: (row: R) => T): Page<T> {
  const more = fetched.length > limit;
  const rows = fetched.slice(0, limit);
  const seek = 'seek' in start ? start.seek : null;
  const offset = 'offset' in start ? start.offset : 0;
  if (seek?.backward) rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  const startAt = first ? positionOf(first) : seek;
  const endAt = last ? positionOf(last) : seek;
  return {
    items: rows.map(item),
    hasNextPage: seek?.backward ? true : more,
    hasPreviousPage: seek ? (seek.backward ? more : true) : offset > 0,
    startCursor: startAt ? encodeSeek(keyset, true, startAt) : null,
    endCursor: endAt ? encodeSeek(keyset, false, endAt) : null,
  };
}
