/**
 * What POST /v1/suppliers/match runs: each name matched against the tenant's suppliers as of the
 * tenant's supplier version, on the match threads when there are some (threads.ts), else in process
 * (store/supplier-index-cache.ts), each answer as its JSON text (answer-json.ts). Answers are
 * remembered per tenant, version, threshold and name with its country and identifiers: any write to
 * the tenant's suppliers, aliases or rejections changes the version, so a remembered answer is never
 * older than the data it is asked about, and asking again for a name costs one settings read.
 */
import { LRUCache } from 'lru-cache';
import type { SupplierMention } from '../../domain/suppliers/match.ts';
import type { SqlExecutor } from '../../store/driver.ts';
import type { SupplierIndexCache } from '../../store/supplier-index-cache.ts';
import { supplierMatchingState } from '../../store/suppliers.ts';
import { type MatchAnswer, matchAnswer } from './answer-json.ts';
import type { SupplierMatchThreads } from './threads.ts';

/** Answers remembered (default): their JSON texts, ~10 MB; a call of 10,000 new names replaces half of them. */
export const DEFAULT_REMEMBERED_ANSWERS = 20_000;

export interface MatchedNames {
  answers: MatchAnswer[];
  autoMatchThreshold: number;
  version: string;
}

export class SupplierMatching {
  private readonly remembered: LRUCache<string, MatchAnswer>;
  /** Names answered from memory, and names matched, since this was made (tests read them). */
  readonly counts = { remembered: 0, matched: 0 };

  constructor(
    private readonly db: SqlExecutor,
    private readonly indexes: SupplierIndexCache,
    private readonly threads: SupplierMatchThreads | null,
    rememberedAnswers = DEFAULT_REMEMBERED_ANSWERS,
  ) {
    this.remembered = new LRUCache({ max: Math.max(1, rememberedAnswers) });
  }

  /** The mentions' matches, in order, with the threshold used (`threshold`, else the tenant's). */
  async match(tenantId: string, mentions: readonly SupplierMention[], threshold?: number): Promise<MatchedNames> {
    const state = await supplierMatchingState(this.db, tenantId);
    const autoMatchThreshold = threshold ?? state.autoMatchThreshold;
    const prefix = `${tenantId}\u0000${state.version}\u0000${autoMatchThreshold}`;
    const keys = mentions.map((m) => `${prefix}\u0000${m.name}\u0000${m.country ?? ''}\u0000${m.lei ?? ''}\u0000${m.duns ?? ''}\u0000${m.vat ?? ''}`);
    const answers: (MatchAnswer | undefined)[] = keys.map((k) => this.remembered.get(k));
    const missing: number[] = [];
    for (let i = 0; i < answers.length; i++) if (answers[i] === undefined) missing.push(i);
    this.counts.remembered += answers.length - missing.length;
    if (missing.length > 0) {
      const asked = missing.map((i) => mentions[i]!);
      const fresh = this.threads
        ? await this.threads.matchNamed(tenantId, state.version, asked, autoMatchThreshold)
        : (await this.indexes.matcherAt(tenantId, state.version)).matchNamed(asked, { autoMatchThreshold }).map(matchAnswer);
      this.counts.matched += fresh.length;
      missing.forEach((at, j) => {
        answers[at] = fresh[j]!;
        this.remembered.set(keys[at]!, fresh[j]!);
      });
    }
    return { answers: answers as MatchAnswer[], autoMatchThreshold, version: state.version };
  }
}
