/** The LLM budget gauges, read from the gateway's budget readings when scraped: spend, budget, and their ratio. */
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { intelligenceMetrics } from '../../src/metrics/intelligence.ts';
import { sample } from './exposition.ts';

describe('intelligence budget gauges', () => {
  it('show each tenant’s spend, its budget when it has one, and the share used', async () => {
    const registry = new Registry();
    const metrics = intelligenceMetrics(registry);
    const readings = [
      { tenant: 'acme', spendUsd: 5, budgetUsd: 20 },
      { tenant: 'free', spendUsd: 1.5, budgetUsd: null },
    ];
    const undo = metrics.registerBudgetSource(() => readings);
    const text = await registry.metrics();
    expect(sample(text, 'greenline_intelligence_month_spend_usd', { tenant: 'acme' })).toBe(5);
    expect(sample(text, 'greenline_intelligence_month_spend_usd', { tenant: 'free' })).toBe(1.5);
    expect(sample(text, 'greenline_intelligence_month_budget_usd', { tenant: 'acme' })).toBe(20);
    expect(sample(text, 'greenline_intelligence_budget_used_ratio', { tenant: 'acme' })).toBe(0.25);
    // No budget: no budget and no ratio for the tenant.
    expect(text).not.toMatch(/month_budget_usd\{tenant="free"\}|budget_used_ratio\{tenant="free"\}/);
    undo();
    expect(await registry.metrics()).not.toMatch(/month_spend_usd\{/);
  });
});
