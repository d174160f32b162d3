/** What the spend classifiers take and answer (docs/classification.md). */

/** One purchase-ledger line: its free text, and optionally who was paid and how much. */
export interface SpendLine {
  description: string;
  supplier?: string;
  /** Kept with the line; the local classifier does not use it. */
  amount?: number;
}

/** Why a code was chosen: a term of the line and what it matched. */
export interface Evidence {
  /** The line's term(s), normalized (e.g. `steel coil`). */
  term: string;
  field: 'description' | 'supplier';
  /** `keyword`: an entry of the curated keyword list; `title`: a word of the NAICS title; `fallback`: the fallback's rationale. */
  source: 'keyword' | 'title' | 'fallback';
  /** The keyword as listed, the NAICS title, or the fallback's rationale. */
  matched: string;
  /** The term's share of the code's score. */
  weight: number;
}

/** Which classifier decided, so stored results can say so. */
export interface ClassifierId {
  name: string;
  version: string;
}

export interface SpendClassification {
  /** NAICS 2017 six-digit code, or null when nothing in the line matched. */
  naics: string | null;
  /** The six-digit industry's title (the spend category). */
  industry: string | null;
  naics4: string | null;
  naics2: string | null;
  /** The NAICS sector's name. */
  sector: string | null;
  /** 0–1; see docs/classification.md for how it is computed and what accuracy each band had. */
  confidence: number;
  evidence: Evidence[];
  /** The next best codes, best first (at most 2). */
  alternatives: Array<{ naics: string; industry: string }>;
  classifier: ClassifierId;
}
