/**
 * What a call costs: the price table kept as data (prices.json: its version and source travel
 * with every cost), overridden per tenant by its settings. Costs are integers of nano-USD
 * (1e-9 USD), so sums over a ledger are exact; a price with more than three decimals per million
 * tokens is rounded to the nano-USD per token.
 */
import { readFileSync } from 'node:fs';

export interface ModelPrice {
  /** USD per 1,000,000 prompt (input) tokens. */
  input: number;
  /** USD per 1,000,000 completion (output) tokens. */
  output: number;
}

export interface PriceTable {
  version: string;
  source: string;
  models: Readonly<Record<string, ModelPrice>>;
}

function loadPriceTable(): PriceTable {
  const raw = JSON.parse(readFileSync(new URL('./prices.json', import.meta.url), 'utf8')) as PriceTable;
  for (const [model, price] of Object.entries(raw.models)) {
    if (!(price.input >= 0 && price.output >= 0)) throw new Error(`prices.json: ${model} needs input and output prices ≥ 0`);
  }
  return { version: raw.version, source: raw.source, models: raw.models };
}

export const PRICE_TABLE: PriceTable = loadPriceTable();

/** The tenant's own price wins over the table's; undefined when neither knows the model. */
export function priceOf(model: string, overrides: Readonly<Record<string, ModelPrice>>): ModelPrice | undefined {
  return overrides[model] ?? PRICE_TABLE.models[model];
}

/** USD per million tokens → nano-USD per token (0.15 → 150). */
const nanosPerToken = (usdPerMillion: number) => Math.round(usdPerMillion * 1000);

/** The cost of `promptTokens` in and `completionTokens` out, in nano-USD. */
export function costNanos(price: ModelPrice, promptTokens: number, completionTokens: number): number {
  return promptTokens * nanosPerToken(price.input) + completionTokens * nanosPerToken(price.output);
}

/** nano-USD → a decimal USD string, exactly ("0.000150000" for 150,000). */
export function nanosToUsd(nanos: number | bigint): string {
  const n = BigInt(nanos);
  const sign = n < 0n ? '-' : '';
  const abs = n < 0n ? -n : n;
  return `${sign}${abs / 1_000_000_000n}.${(abs % 1_000_000_000n).toString().padStart(9, '0')}`;
}

export const usdToNanos = (usd: number) => Math.round(usd * 1e9);
