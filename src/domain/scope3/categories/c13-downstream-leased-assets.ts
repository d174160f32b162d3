/**
 * Category 13 — Downstream leased assets (GHG Protocol Scope 3 Technical Guidance, ch. 13): assets
 * the company owns and leases to others. Same arithmetic, inputs and activity keys as category 8
 * (see c08-upstream-leased-assets.ts):
 *   Tier 1 asset-specific: Σ energy × ef (`electricity.grid`, `heat.*`, `cooling.district`, `fuel.<type>`)
 *   Tier 2 average-data:   floor_area × intensity × lease_fraction × ef (`electricity.grid`, or
 *                          `building.<type>` per m² and year)
 * No spend-based tier: the lessor's lease income says nothing about the lessee's energy use.
 */
import { leasedAssetsModule } from './c08-upstream-leased-assets.ts';

export const downstreamLeasedAssets = leasedAssetsModule(13, 'Downstream leased assets', false);
