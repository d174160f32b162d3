/** The envelope of keyset-paged listings (emissions, suppliers): `page_info` and `links`. */
import { type TSchema, Type } from 'typebox';
import type { Page } from '../../store/keyset-pages.ts';

const Link = Type.Union([Type.String(), Type.Null()]);

export const KeysetPageInfo = Type.Object({
  has_next_page: Type.Boolean(),
  has_previous_page: Type.Boolean(),
  start_cursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the page before this one' }),
  end_cursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the page after this one' }),
});

export const PageLinks = Type.Object({ next: Link, prev: Link });

export const PageCursor = Type.String({
  maxLength: 2000,
  description: "A page's start_cursor (the page before it) or end_cursor (the page after it); bound to the filters and sort it was issued for",
});

export function keysetList<T extends TSchema>(item: T) {
  return Type.Object({ data: Type.Array(item), page_info: KeysetPageInfo, links: PageLinks });
}

/**
 * `page_info` and `links` of a page. A link repeats the request's query with the page's cursor
 * in place of the parameters named in `drop` (the position, and anything costly to repeat).
 */
export function pageEnvelope(path: string, query: Record<string, unknown>, drop: readonly string[], page: Page<unknown>) {
  const link = (cursor: string | null) => {
    if (cursor === null) return null;
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && k !== 'cursor' && !drop.includes(k)) params.set(k, String(v));
    params.set('cursor', cursor);
    return `${path}?${params}`;
  };
  return {
    page_info: { has_next_page: page.hasNextPage, has_previous_page: page.hasPreviousPage, start_cursor: page.startCursor, end_cursor: page.endCursor },
    links: { next: page.hasNextPage ? link(page.endCursor) : null, prev: page.hasPreviousPage ? link(page.startCursor) : null },
  };
}
