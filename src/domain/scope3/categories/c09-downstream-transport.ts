/**
 * Category 9 — Downstream transportation and distribution (GHG Protocol Scope 3 Technical
 * Guidance v1.0, 2013, ch. 9): transport and storage of sold products that the reporting company
 * does not pay for. The guidance's category 9 methods are those of category 4 (ch. 4), so the
 * arithmetic, inputs and activity keys are category 4's (see c04-upstream-transport.ts):
 *   Tier 1 fuel-based:        fuel_quantity × (`fuel.<fuel_type>` + `wtt.<fuel_type>`) [× allocation
 *                             share] [+ refrigerant leakage × GWP]
 *   Tier 1 supplier-specific: distance_km × mass_t × the carrier's ef per tkm (`transport.<mode>`)
 *   Tier 1 fuel_based_combustion: fuel_quantity × `fuel.<fuel_type>` when there is no
 *                             `wtt.<fuel_type>` factor (warning UPSTREAM_NOT_INCLUDED)
 *   Tier 2 distance-based:    Σ legs distance_km × mass_t × ef_per_tkm (`transport.<mode>`)
 *   Storage of sold products (warehouses, distribution centres, retail stores), a record of its own:
 *   Tier 1 storage_site_specific: (Σ storage_energy × ef + refrigerant leakage × GWP) × share
 *   Tier 2 storage_average_data:  stored volume (m³) × days stored × `storage.<facility_type>`
 *                                 (kgCO2e/m3_day)
 * No spend-based tier: transport the company pays for is category 4, so category 9 has no spend.
 */
import { transportModule } from './c04-upstream-transport.ts';

export const downstreamTransport = transportModule(9, 'Downstream transportation and distribution', false);
