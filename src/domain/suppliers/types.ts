/**
 * Supplier entity resolution (issue 18): the shapes the pure domain modules share. Normalization
 * (normalize.ts) turns a raw mention into a NormalizedName; identifiers (identifiers.ts) validate
 * LEI, DUNS, VAT and registry ids; the matcher (match.ts) scores a mention against canonical
 * suppliers and explains its answer.
 */

/** A supplier name as matching reads it. */
export interface NormalizedName {
  /** The name as given. */
  raw: string;
  /** Lower case, accents folded, punctuation to spaces, legal forms removed, spaces collapsed. */
  normalized: string;
  /** `normalized` split on spaces (in order). */
  tokens: string[];
  /** The legal form found and removed (canonical spelling, e.g. `gmbh`, `ag`, `inc`), if any. */
  legalForm: string | null;
}

/** A kind of identifier a supplier may carry. */
export type IdentifierScheme = 'lei' | 'duns' | 'vat' | 'registry';

/** A problem with one input field, named as the API reports it. */
export interface FieldProblem {
  field: string;
  message: string;
}
