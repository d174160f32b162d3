/**
 * The supplier matcher: one mention against the canonical suppliers of a SupplierIndex, with a
 * confidence 0–100 and the reason. Rules, first that applies wins:
 *   1. identifier   LEI, DUNS or VAT held by one supplier → 100.
 *   2. exact_name   an accepted alias (opts.aliases) → 100; the normalized name equal to a supplier's
 *                   name or alias → 100, or 80 (review) when both countries are known and differ (the
 *                   same name abroad is often another company: Ford Motor Company US vs GB); equal
 *                   once spaces are removed ("thyssen krupp" = "thyssenkrupp") → 97, or 77 across countries;
 *                   each 5 lower when equal only once a trailing branch phrase is removed
 *                   ("Siemens AG Niederlassung Berlin" → "siemens", stripBranch), which fuzzy also ignores.
 *   3. fuzzy        the blocking candidates (blocking.ts), each scored on the canonical names
 *                   (normalized, abbreviations spelled out: "eur" → "europe"):
 *        base       = 0.4 · tokenSet + 0.3 · tokenSort + 0.3 · 100 · JaroWinkler, where tokenSort puts
 *                     the candidate's tokens in the order of their counterparts in the sorted mention
 *                     (alignTokens), so a typo that changes the sort order costs only the typo
 *        missing    = min(30, 20 · W(mention tokens the candidate lacks))
 *        extra      = min(25, 15 · W(candidate tokens the mention lacks))
 *        country    = +3 same, −10 different, 0 when either is unknown
 *        legal form = +2 same form, +1 same family (e.g. GmbH ~ Ltd), 0 otherwise: a different
 *                     family is no evidence by itself (ledgers drop and swap legal forms)
 *        confidence = clamp(base − missing − extra + country + legal form, 0, 99), one decimal
 *      A token has a counterpart when equal, the same word in the singular ("technologies" ~
 *      "technology") or a typo of it (tokenLink: same first letter and edit distance 1 with the shorter
 *      ≥ 6 characters, or 2 from 12); a weak counterpart counts half as missing: edit distance 1 in
 *      4–5 characters (Alcoa/Alcon) or in the first letter (Cavamont/Savamont), 2 in 8–11 characters
 *      (Maroplan/Aeroplan, Spectraform/Spectracore), or an abbreviation ("air" ~
 *      "airlines": ≥ 3 characters, ≤ 60% of the longer, same first letter, a subsequence of it).
 *      W is tokenWeight: 0.1 for branch and plant words, 0.25 for stop words ("and", "de") and legal forms, else 1.
 *      The penalties are per token, not a share of the name: one distinctive word the candidate lacks
 *      ("Apple" vs "Applied Materials", "Motors" vs "Mills", a qualifier such as "Japan" or "Worldwide"
 *      naming a subsidiary) keeps a long name below 85 too.
 * Status: `matched` when the best reaches opts.autoMatchThreshold (85) and is neither a rejected pair
 * (opts.rejected) nor tied (another supplier also ≥ the threshold within 2 points, or one exact name
 * held by several suppliers of the country); `review` when it reaches opts.reviewThreshold (40) or was
 * kept from matching for those reasons; `no_match` otherwise (best is then null).
 */
import { canonicalName, countryKey, type SupplierIndex } from './blocking.ts';
import { LEGAL_FORMS } from './legal-forms.ts';
import { normalizeName } from './normalize.ts';
import { editDistance, jaroWinkler, ratio, sortedKey, tokenSetRatioTokens } from './similarity.ts';
import type { NormalizedName } from './types.ts';

export type MatchRule = 'identifier' | 'exact_name' | 'fuzzy';
export type MatchStatus = 'matched' | 'review' | 'no_match';

/** A supplier as a ledger, a shipment or an API call names it. */
export interface SupplierMention {
  name: string;
  country?: string | null;
  lei?: string | null;
  duns?: string | null;
  vat?: string | null;
}

/** The component scores of a fuzzy confidence (see the module header). */
export interface FuzzyScores {
  tokenSet: number;
  tokenSort: number;
  jaroWinkler: number;
  base: number;
  missingPenalty: number;
  extraPenalty: number;
  countryAdjustment: number;
  legalFormAdjustment: number;
}

export interface MatchWhy {
  rule: MatchRule;
  /** What matched: an identifier scheme, an accepted alias, the name, the name without spaces, or tokens. */
  via: 'lei' | 'duns' | 'vat' | 'alias' | 'name' | 'spacing' | 'tokens';
  mention: string;
  candidate: string;
  /** Mention tokens found in the candidate; `a~b` when a matched b as a typo or abbreviation. */
  sharedTokens: string[];
  /** Mention tokens the candidate lacks. */
  missingTokens: string[];
  /** Candidate tokens the mention lacks. */
  extraTokens: string[];
  country: 'same' | 'different' | 'unknown';
  legalForm: 'same' | 'same_family' | 'different' | 'unknown';
  scores?: FuzzyScores;
  /** Why the confidence or the status is not the plain outcome of the rule. */
  notes: string[];
}

export interface MatchCandidate {
  id: string;
  confidence: number;
  rule: MatchRule;
  why: MatchWhy;
}

export interface MatchResult {
  status: MatchStatus;
  mention: NormalizedName;
  best: MatchCandidate | null;
  /** The scored candidates, best first (at most opts.maxCandidates). */
  candidates: MatchCandidate[];
}

export interface MatchOptions {
  /** Confidence from which a match is automatic (default 85). */
  autoMatchThreshold?: number;
  /** Confidence from which a non-automatic match goes to review (default 40). */
  reviewThreshold?: number;
  /** Blocking candidates scored per mention (default 20). */
  blockingCandidates?: number;
  /** Candidates returned (default 5). */
  maxCandidates?: number;
  /** True for a pair a reviewer rejected: it is never matched automatically. */
  rejected?: (mentionNormalized: string, candidateId: string) => boolean;
  /** The supplier id a reviewer accepted for this normalized name, if any. */
  aliases?: (mentionNormalized: string) => string | null | undefined;
}

const AMBIGUITY_MARGIN = 2;
/** Points per unit of token weight the candidate lacks (mention side) or adds (candidate side), and their caps. */
const MISSING_POINTS = 20;
const MISSING_CAP = 30;
const EXTRA_POINTS = 15;
const EXTRA_CAP = 25;
/** An exact name across countries goes to review: the same name abroad is often another company. */
const EXACT_COUNTRY_PENALTY = 20;
/** Exact holders of one name scored at most (a name held by thousands is no evidence anyway). */
const MAX_EXACT = 50;
/** An exact name once a branch phrase is removed: the branch is the company, but the phrase was a guess. */
const BRANCH_PENALTY = 5;

/** Matches one mention against the index (see the module header for the rules and the formula). */
export function matchMention(index: SupplierIndex, mention: SupplierMention, opts: MatchOptions = {}): MatchResult {
  const name = normalizeName(mention.name);
  const country = countryKey(mention.country);
  const auto = opts.autoMatchThreshold ?? 85;
  const review = opts.reviewThreshold ?? 40;
  const maxCandidates = opts.maxCandidates ?? 5;

  const scored: MatchCandidate[] = [];
  let tiedExact = false;

  const byIdentifier = identifierHits(index, mention);
  if (byIdentifier.length > 0) {
    const seen = new Set<number>();
    for (const [slot, via] of byIdentifier) {
      if (seen.has(slot)) continue;
      seen.add(slot);
      scored.push(exactCandidate(index, slot, name, country, 'identifier', via, 100));
    }
    tiedExact = seen.size > 1;
    if (tiedExact) scored[0]!.why.notes.push('the identifiers given belong to different suppliers');
  } else if (name.normalized.length > 0) {
    const aliasId = opts.aliases?.(name.normalized);
    const aliasSlot = aliasId == null ? undefined : index.slotOf(aliasId);
    if (aliasSlot !== undefined) {
      scored.push(exactCandidate(index, aliasSlot, name, country, 'exact_name', 'alias', 100));
      scored[0]!.why.notes.push('a reviewer accepted this name for this supplier');
    } else {
      // The name as given, then without a trailing branch phrase; each exactly, then without spaces.
      const branch = stripBranch(name);
      const branchNote = branch === null ? null : `branch words ignored: ${branch.removed.join(' ')}`;
      const subject = branch?.name ?? name;
      let exact: readonly number[] = [];
      let via: 'name' | 'spacing' = 'name';
      let lookedUp = name;
      for (const [candidateName, v] of [
        [name, 'name'],
        [subject, 'name'],
        [name, 'spacing'],
        [subject, 'spacing'],
      ] as const) {
        exact = v === 'name' ? index.findByName(candidateName.normalized) : index.findByCompact(candidateName.normalized);
        via = v;
        lookedUp = candidateName;
        if (exact.length > 0) break;
      }
      const full = (via === 'name' ? 100 : 97) - (lookedUp === name ? 0 : BRANCH_PENALTY);
      // Holders in the mention's country (or of unknown country) first, then the others, MAX_EXACT in all.
      const differs = (slot: number) => country !== null && index.country(slot) !== null && index.country(slot) !== country;
      for (const slot of [...exact.filter((s) => !differs(s)), ...exact.filter(differs)].slice(0, MAX_EXACT)) {
        const lowered = differs(slot);
        const candidate = exactCandidate(index, slot, lookedUp, country, 'exact_name', via, lowered ? full - EXACT_COUNTRY_PENALTY : full);
        if (via === 'spacing') candidate.why.notes.push('equal once spaces are removed');
        if (lookedUp !== name && branchNote !== null) candidate.why.notes.push(`${branchNote} (−${BRANCH_PENALTY})`);
        if (lowered) candidate.why.notes.push(`countries differ (${country} vs ${index.country(slot)}): exact name lowered by ${EXACT_COUNTRY_PENALTY}`);
        scored.push(candidate);
      }
      sortCandidates(scored);
      tiedExact = scored.length > 1 && scored[1]!.confidence === scored[0]!.confidence;
      if (tiedExact) scored[0]!.why.notes.push(`${scored.filter((c) => c.confidence === scored[0]!.confidence).length} suppliers hold this name`);
      if (exact.length === 0) {
        const canonical = canonicalName(subject);
        for (const { slot } of index.candidates(canonical, opts.blockingCandidates ?? 20)) {
          const candidate = fuzzyCandidate(index, slot, canonical, country);
          if (branchNote !== null) candidate.why.notes.push(branchNote);
          scored.push(candidate);
        }
        sortCandidates(scored);
      }
    }
  }

  const candidates = scored.slice(0, maxCandidates);
  const best = candidates[0];
  if (best === undefined) return { status: 'no_match', mention: name, best: null, candidates };
  let status: MatchStatus = best.confidence >= auto ? 'matched' : best.confidence >= review ? 'review' : 'no_match';
  if (status === 'matched') {
    const runnerUp = scored.find((c) => c.id !== best.id);
    if (opts.rejected?.(name.normalized, best.id)) {
      status = 'review';
      best.why.notes.push('a reviewer rejected this pair: never matched automatically');
    } else if (tiedExact) {
      status = 'review';
    } else if (best.rule === 'fuzzy' && runnerUp !== undefined && runnerUp.confidence >= auto && best.confidence - runnerUp.confidence < AMBIGUITY_MARGIN) {
      status = 'review';
      best.why.notes.push(`supplier ${runnerUp.id} scores ${runnerUp.confidence}, within ${AMBIGUITY_MARGIN}: ambiguous`);
    }
  }
  return { status, mention: name, best: status === 'no_match' ? null : best, candidates };
}

/** Slots the mention's identifiers point to, with the scheme that found each. */
function identifierHits(index: SupplierIndex, mention: SupplierMention): [number, 'lei' | 'duns' | 'vat'][] {
  const hits: [number, 'lei' | 'duns' | 'vat'][] = [];
  for (const scheme of ['lei', 'duns', 'vat'] as const) {
    const value = mention[scheme];
    if (!value) continue;
    const slot = index.findByIdentifier(scheme, value);
    if (slot !== undefined) hits.push([slot, scheme]);
  }
  return hits;
}

function exactCandidate(
  index: SupplierIndex,
  slot: number,
  name: NormalizedName,
  country: string | null,
  rule: MatchRule,
  via: MatchWhy['via'],
  confidence: number,
): MatchCandidate {
  const other = index.name(slot);
  // Names equal but for spaces share everything, however the tokens split.
  const tokens = via === 'spacing' ? { shared: [...name.tokens], missing: [], extra: [] } : alignTokens(name.tokens, other.tokens);
  return {
    id: index.id(slot),
    confidence,
    rule,
    why: {
      rule,
      via,
      mention: name.normalized,
      candidate: other.normalized,
      sharedTokens: tokens.shared,
      missingTokens: tokens.missing,
      extraTokens: tokens.extra,
      country: compareCountry(country, index.country(slot)),
      legalForm: compareLegalForm(name.legalForm, other.legalForm),
      notes: [],
    },
  };
}

function fuzzyCandidate(index: SupplierIndex, slot: number, name: NormalizedName, country: string | null): MatchCandidate {
  const other = index.canonicalName(slot);
  const otherCountry = index.country(slot);
  const scores = scorePair(name, country, other, otherCountry);
  const tokens = scores.tokens;
  return {
    id: index.id(slot),
    confidence: scores.confidence,
    rule: 'fuzzy',
    why: {
      rule: 'fuzzy',
      via: 'tokens',
      mention: name.normalized,
      candidate: other.normalized,
      sharedTokens: tokens.shared,
      missingTokens: tokens.missing,
      extraTokens: tokens.extra,
      country: compareCountry(country, otherCountry),
      legalForm: compareLegalForm(name.legalForm, other.legalForm),
      scores: scores.components,
      notes: [],
    },
  };
}

/** Generic words: they say little about which company is meant. Qualifiers ("Europe", "Global", "Services") are not: they often name another company. */
const GENERIC_TOKENS = new Set(['and', 'the', 'of', 'de', 'des', 'du', 'la', 'le', 'der', 'die', 'das', 'y', 'e', 'di', 'del', 'en']);

/** Words that mark a branch of a company whatever word stands next to them ("Niederlassung Berlin", "Lyon Branch"). */
const BRANCH_WORDS = new Set([
  'branch',
  'niederlassung',
  'zweigniederlassung',
  'filiale',
  'filial',
  'succursale',
  'sucursal',
  'etablissement',
  'sede',
  'vestiging',
  'oddzial',
  'toimipiste',
  'subesi',
]);
/** Words that mark a plant only next to a number ("Werk 5", "Plant 7"): alone they are often part of a name ("Office Supplies"). */
const PLANT_WORDS = new Set([
  'plant',
  'werk',
  'unit',
  'site',
  'facility',
  'factory',
  'division',
  'usine',
  'stabilimento',
  'planta',
  'fabriek',
  'fabrik',
  'zaklad',
  'tehdas',
]);
const BRANCH_CONNECTORS = new Set(['de', 'di', 'en', 'in', 'du', 'des']);

/**
 * The name without a trailing branch phrase, re-normalized (so a legal form before the phrase goes too), and
 * the tokens removed; null when there is none. A phrase ends the name: a branch word and the token after it
 * ("niederlassung berlin", "succursale de lyon") or before it ("lyon branch"); a plant word and a number
 * ("werk 5", "plant 7"); a word and a plant word after a legal form ("… co ltd yokohama factory").
 */
export function stripBranch(name: NormalizedName): { name: NormalizedName; removed: string[] } | null {
  const t = name.tokens;
  const n = t.length;
  let keep = -1;
  if (n >= 3 && (BRANCH_WORDS.has(t[n - 2]!) || (PLANT_WORDS.has(t[n - 2]!) && /^[0-9]+$/.test(t[n - 1]!)))) keep = n - 2;
  else if (n >= 4 && BRANCH_WORDS.has(t[n - 3]!) && BRANCH_CONNECTORS.has(t[n - 2]!)) keep = n - 3;
  else if (n >= 3 && BRANCH_WORDS.has(t[n - 1]!)) keep = n - 2;
  else if (n >= 4 && PLANT_WORDS.has(t[n - 1]!) && normalizeName(t.slice(0, n - 2).join(' ')).legalForm !== null) keep = n - 2;
  if (keep < 1) return null;
  const stripped = normalizeName(t.slice(0, keep).join(' '));
  if (stripped.tokens.length === 0) return null;
  return { name: { ...stripped, raw: name.raw, legalForm: stripped.legalForm ?? name.legalForm }, removed: t.slice(keep) };
}

// Legal forms left inside a name ("Siemens AG Niederlassung Berlin") weigh as generic words.
const LEGAL_FORM_TOKENS = new Set(LEGAL_FORMS.map((f) => f.id).filter((id) => !id.includes('_')));

/** How much a token says about which company is meant: branch and plant words 0.1, stop words and legal forms 0.25, else 1. */
export function tokenWeight(token: string): number {
  if (BRANCH_WORDS.has(token) || PLANT_WORDS.has(token)) return 0.1;
  if (GENERIC_TOKENS.has(token) || LEGAL_FORM_TOKENS.has(token)) return 0.25;
  return 1;
}

/**
 * The fuzzy confidence of a mention against a candidate, with its components (module header formula).
 * Exported so the formula can be checked on its own; `weight` defaults to the generic-word weights.
 */
export function scorePair(
  mention: NormalizedName,
  mentionCountry: string | null,
  candidate: NormalizedName,
  candidateCountry: string | null,
): { confidence: number; components: FuzzyScores; tokens: AlignedTokens } {
  const aligned = alignTokens(mention.tokens, candidate.tokens);
  const tokenSet = tokenSetRatioTokens(mention.tokens, candidate.tokens);
  const tokenSort = ratio(sortedKey(mention.tokens), aligned.candidateInMentionOrder);
  const jw = 100 * jaroWinkler(mention.normalized, candidate.normalized);
  const base = 0.4 * tokenSet + 0.3 * tokenSort + 0.3 * jw;
  const missingPenalty = Math.min(MISSING_CAP, MISSING_POINTS * weightSum(aligned.missing, aligned.weakMention));
  const extraPenalty = Math.min(EXTRA_CAP, EXTRA_POINTS * weightSum(aligned.extra, aligned.weakCandidate));
  const countryCmp = compareCountry(countryKey(mentionCountry), countryKey(candidateCountry));
  const countryAdjustment = countryCmp === 'same' ? 3 : countryCmp === 'different' ? -10 : 0;
  const legalCmp = compareLegalForm(mention.legalForm, candidate.legalForm);
  const legalFormAdjustment = legalCmp === 'same' ? 2 : legalCmp === 'same_family' ? 1 : 0;
  const raw = base - missingPenalty - extraPenalty + countryAdjustment + legalFormAdjustment;
  return {
    confidence: round1(Math.min(99, Math.max(0, raw))),
    components: {
      tokenSet: round1(tokenSet),
      tokenSort: round1(tokenSort),
      jaroWinkler: round1(jw),
      base: round1(base),
      missingPenalty: round1(missingPenalty),
      extraPenalty: round1(extraPenalty),
      countryAdjustment,
      legalFormAdjustment,
    },
    tokens: aligned,
  };
}

/** Σ weight of the unpaired tokens, plus half the weight of the weakly paired ones. */
function weightSum(missing: readonly string[], weak: readonly string[]): number {
  let sum = 0;
  for (const t of missing) sum += tokenWeight(t);
  for (const t of weak) sum += 0.5 * tokenWeight(t);
  return sum;
}

export interface AlignedTokens {
  /** Mention tokens with a counterpart; `a~b` when a matched b as a typo or abbreviation. */
  shared: string[];
  /** Mention tokens without a counterpart. */
  missing: string[];
  /** Candidate tokens without a counterpart. */
  extra: string[];
  /** Weak pairs (a typo in a token under 6 characters, or an abbreviation not in normalize.ts): mention side. */
  weakMention: string[];
  /** The candidate side of the weak pairs. */
  weakCandidate: string[];
  /** The candidate's tokens in the order of their counterparts in the sorted mention, then the rest sorted: token-sort's key, robust to a typo that changes the sort order. */
  candidateInMentionOrder: string;
}

/** Pairs each mention token with a candidate token: equal first, then a typo or an abbreviation (tokenLink). */
export function alignTokens(mention: readonly string[], candidate: readonly string[]): AlignedTokens {
  // Plain index loops: this runs for every scored candidate (20 a fuzzy mention), so no iterators or closures.
  const m = mention.length;
  const c = candidate.length;
  const used: boolean[] = new Array(c).fill(false);
  const pairedWith: number[] = new Array(m).fill(-1);
  for (let i = 0; i < m; i++) {
    const t = mention[i];
    for (let k = 0; k < c; k++) {
      if (!used[k] && candidate[k] === t) {
        used[k] = true;
        pairedWith[i] = k;
        break;
      }
    }
  }
  const aligned: AlignedTokens = { shared: [], missing: [], extra: [], weakMention: [], weakCandidate: [], candidateInMentionOrder: '' };
  for (let i = 0; i < m; i++) {
    if (pairedWith[i] !== -1) continue;
    const t = mention[i]!;
    for (let k = 0; k < c; k++) {
      if (used[k]) continue;
      const link = tokenLink(t, candidate[k]!);
      if (link === null) continue;
      used[k] = true;
      pairedWith[i] = k;
      if (link === 'weak') {
        aligned.weakMention.push(t);
        aligned.weakCandidate.push(candidate[k]!);
      }
      break;
    }
  }
  for (let i = 0; i < m; i++) {
    const t = mention[i]!;
    const j = pairedWith[i]!;
    if (j === -1) aligned.missing.push(t);
    else aligned.shared.push(candidate[j] === t ? t : `${t}~${candidate[j]}`);
  }
  for (let k = 0; k < c; k++) if (!used[k]) aligned.extra.push(candidate[k]!);
  // The paired candidate tokens in the order of their mention tokens sorted (a stable sort: equal tokens keep
  // their order), then the unpaired ones sorted.
  const order: number[] = [];
  for (let i = 0; i < m; i++) order.push(i);
  order.sort((x, y) => (mention[x]! < mention[y]! ? -1 : mention[x]! > mention[y]! ? 1 : 0));
  const parts: string[] = [];
  for (const i of order) if (pairedWith[i] !== -1) parts.push(candidate[pairedWith[i]!]!);
  for (const t of aligned.extra.slice().sort()) parts.push(t);
  aligned.candidateInMentionOrder = parts.join(' ');
  return aligned;
}

/**
 * How two tokens relate: `strong` when equal or a typo of each other (edit distance ≤ 1, ≤ 2 from 8
 * characters) with the shorter ≥ 6 characters; `weak` for such a typo in a shorter token (4–5
 * characters: Alcoa/Alcon, Vale/Valeo) or an abbreviation ("air" ~ "airlines"); null otherwise.
 */
export function tokenLink(a: string, b: string): 'strong' | 'weak' | null {
  if (a === b || singular(a) === singular(b)) return 'strong';
  const short = a.length <= b.length ? a : b;
  const long = short === a ? b : a;
  if (short.length >= 4) {
    const distance = editDistance(a, b, short.length >= 8 ? 2 : 1);
    if (distance === 1) return short.length >= 6 && a.charCodeAt(0) === b.charCodeAt(0) ? 'strong' : 'weak';
    if (distance === 2 && short.length >= 8) return short.length >= 12 && a.charCodeAt(0) === b.charCodeAt(0) ? 'strong' : 'weak';
  }
  return isAbbreviation(short, long) ? 'weak' : null;
}

/** An English plural made singular: "-ies" → "-y", a final "s" (not "ss") dropped. */
function singular(t: string): string {
  if (t.length > 4 && t.endsWith('ies')) return `${t.slice(0, -3)}y`;
  if (t.length > 3 && t.endsWith('s') && !t.endsWith('ss')) return t.slice(0, -1);
  return t;
}

function isAbbreviation(short: string, long: string): boolean {
  if (short.length < 3 || short.length > 0.6 * long.length || short.charCodeAt(0) !== long.charCodeAt(0)) return false;
  let j = 1;
  for (let i = 1; i < long.length && j < short.length; i++) if (long.charCodeAt(i) === short.charCodeAt(j)) j++;
  return j === short.length;
}

function compareCountry(a: string | null, b: string | null): MatchWhy['country'] {
  if (a === null || b === null) return 'unknown';
  return a === b ? 'same' : 'different';
}

function compareLegalForm(a: string | null, b: string | null): MatchWhy['legalForm'] {
  if (a === null || b === null) return 'unknown';
  if (a === b) return 'same';
  return legalFormFamily(a) === legalFormFamily(b) ? 'same_family' : 'different';
}

// Families of legal-form ids (legal-forms.ts): a form not listed is its own family.
const FAMILY_OF = new Map<string, string>();
for (const [family, ids] of Object.entries({
  stock:
    'inc corp plc ag se kgaa sa sas sasu sca spa sapa sau saa sac sae sal saog saoc nv oy oyj ab ab_publ publ as asa hf ad ead ae ' +
    'ao oao zao pao jsc pjsc ojsc cjsc kk pt tbk persero bhd sa_de_cv sab_de_cv sapi_de_cv dd nyrt zrt',
  limited:
    'ltd co_ltd llc pllc pty pty_ltd pte pte_ltd pvt pvt_ltd gmbh ug sagl sarl eurl sl slu sll slne srl srls lda ltda eireli ' +
    's_de_rl s_de_rl_de_cv eirl bv bvba sprl aps ehf ou uab sp_zoo sro kft doo dooel ood eood shpk epe ike ltd_sti sti ooo tov ' +
    'gk yk sdn_bhd wll fze fzco fz_llc bm cic',
  partnership:
    'llp lllp lp kg ohg gbr partg og snc scs vof cv commv ky hb kb ks ans spj spk ska vos bt kkt kd gmbh_co_kg gmbh_co_kgaa ' +
    'ag_co_kg ag_co_kgaa se_co_kg se_co_kgaa',
})) {
  for (const id of ids.split(' ')) FAMILY_OF.set(id, family);
}

/** The family of a legal-form id: stock corporation, private limited company, partnership, or itself. */
export function legalFormFamily(id: string): string {
  return FAMILY_OF.get(id) ?? id;
}

function sortCandidates(list: MatchCandidate[]): void {
  // Stable: equal confidences keep the blocking order.
  list.sort((a, b) => b.confidence - a.confidence);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
