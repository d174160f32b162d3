/** What the match route's threads and the request thread say to each other (threads.ts). */
import type { SupplierMention } from '../../domain/suppliers/match.ts';
import type { MatcherInput } from '../../store/supplier-index-cache.ts';
import type { MatchAnswer } from './answer-json.ts';

export type ToMatchThread =
  | { kind: 'build'; id: number; tenantId: string; version: string; input: MatcherInput }
  | { kind: 'match'; id: number; tenantId: string; mentions: SupplierMention[]; autoMatchThreshold: number }
  | { kind: 'drop'; tenantId: string }
  | { kind: 'close' };

export type FromMatchThread =
  | { kind: 'built'; id: number }
  | { kind: 'matched'; id: number; answers: MatchAnswer[] }
  /** `notHeld`: the thread has no matcher for the tenant (dropped meanwhile): build and ask again. */
  | { kind: 'failed'; id: number; message: string; notHeld?: boolean };
