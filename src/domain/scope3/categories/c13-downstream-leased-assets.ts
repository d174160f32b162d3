/**
 * Category 13 — Downstream leased assets (GHG Protocol Scope 3 Technical Guidance, ch. 13): assets
 * the company owns and leases to others. Same arithmetic, inputs and activity keys as category 8
 * (see c08-upstream-leased-assets.ts), with the lessee in place of the lessor:
 *   Tier 1 asset-specific: (Σ energy × ef (`electricity.grid`, `heat.*`, `cooling.district`,
 *                          `fuel.<type>`) + Σ refrigerant lost × GWP) × allocation share (a shared
 *                          building's metered energy; `area`, `area_occupancy`, `volume`, `share`)
 *   Tier 1 reported:       (lessee's reported_scope1_kgco2e + reported_scope2_kgco2e) × allocation
 *                          share × lease_fraction (guidance ch. 13 "lessee-specific method")
 *   Tier 2 average-data:   floor_area × intensity × lease_fraction × ef (`electricity.grid`, or
 *                          `building.<type>` per m² and year) + Σ refrigerant lost × GWP
 * No spend-based tier: the lessor's lease income says nothing about the lessee's energy use.
 */
import { leasedAssetsModule } from './c08-upstream-leased-assets.ts';

export const downstreamLeasedAssets = leasedAssetsModule(13, 'Downstream leased assets', false);
