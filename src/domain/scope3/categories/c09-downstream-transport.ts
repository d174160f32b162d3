/**
 * Category 9 — Downstream transportation and distribution (GHG Protocol Scope 3 Technical
 * Guidance, ch. 9): transport of sold products that the reporting company does not pay for.
 * Same arithmetic, inputs and activity keys as category 4 (see c04-upstream-transport.ts):
 *   Tier 1 fuel-based:        fuel_quantity × (`fuel.<fuel_type>` + `wtt.<fuel_type>`)
 *   Tier 1 supplier-specific: distance_km × mass_t × the carrier's ef per tkm (`transport.<mode>`)
 *   Tier 2 distance-based:    Σ legs distance_km × mass_t × ef_per_tkm (`transport.<mode>`)
 * No spend-based tier: transport the company pays for is category 4, so category 9 has no spend.
 */
import { transportModule } from './c04-upstream-transport.ts';

export const downstreamTransport = transportModule(9, 'Downstream transportation and distribution', false);
