/**
 * Monte Carlo over a portfolio: stored results (each a lognormal with its own mean and CV) or
 * distributions given in the request. The sampling itself is the pure domain's.
 */
import { CalculationError } from '../domain/scope3/types.ts';
import { type Distribution, type MonteCarloResult, monteCarlo } from '../domain/uncertainty/index.ts';
import { type SqlExecutor, StoreError } from '../store/driver.ts';

export interface UncertaintyRequest {
  calculation_ids?: string[] | undefined;
  inputs?: Array<{ name: string; distribution: Record<string, string | number> }> | undefined;
  iterations: number;
  seed: number;
}

export async function runUncertainty(db: SqlExecutor, tenantId: string, req: UncertaintyRequest): Promise<MonteCarloResult & { inputs: number }> {
  const inputs: Array<{ name: string; distribution: Distribution }> = [];
  if (req.calculation_ids) {
    const ids = [...new Set(req.calculation_ids)];
    const res = await db.query<{ id: string; kg_co2e: number; cv: number | null }>(
      `SELECT id, kg_co2e, COALESCE(cv, (result ->> 'cv')::float8) AS cv FROM emissions WHERE tenant_id = $1 AND id = ANY($2::text[])`,
      [tenantId, ids],
    );
    if (res.rows.length !== ids.length) {
      const found = new Set(res.rows.map((r) => r.id));
      const missing = ids.filter((id) => !found.has(id));
      throw new StoreError(
        'NOT_FOUND',
        `calculation_ids: no calculation ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`,
      );
    }
    for (const r of res.rows) inputs.push({ name: r.id, distribution: { kind: 'lognormal', mean: r.kg_co2e, cv: r.cv ?? 0.5 } });
  }
  for (const i of req.inputs ?? []) inputs.push({ name: i.name, distribution: i.distribution as unknown as Distribution });
  if (inputs.length === 0) throw new CalculationError([{ field: 'calculation_ids', message: 'give calculation_ids or inputs' }]);
  return { ...monteCarlo(inputs, { iterations: req.iterations, seed: req.seed }), inputs: inputs.length };
}
