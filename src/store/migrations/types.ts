export interface Migration {
  /** Strictly increasing; never reused or edited once released. */
  version: number;
  name: string;
  /** Run in order, in one transaction, one statement each (PGlite's extended protocol takes one). */
  statements: readonly string[];
}
