/** Every Scope 3 category module, by GHG Protocol category number. */
import type { CategoryModule } from '../types.ts';
import { purchasedGoods } from './c01-purchased-goods.ts';
import { capitalGoods } from './c02-capital-goods.ts';
import { fuelEnergy } from './c03-fuel-energy.ts';
import { upstreamTransport } from './c04-upstream-transport.ts';
import { waste } from './c05-waste.ts';
import { businessTravel } from './c06-business-travel.ts';
import { employeeCommuting } from './c07-employee-commuting.ts';
import { upstreamLeasedAssets } from './c08-upstream-leased-assets.ts';
import { downstreamTransport } from './c09-downstream-transport.ts';
import { processing } from './c10-processing.ts';
import { useOfSoldProducts } from './c11-use-of-sold-products.ts';
import { endOfLife } from './c12-end-of-life.ts';
import { downstreamLeasedAssets } from './c13-downstream-leased-assets.ts';
import { franchises } from './c14-franchises.ts';
import { investments } from './c15-investments.ts';

const modules: CategoryModule<never>[] = [
  purchasedGoods,
  capitalGoods,
  fuelEnergy,
  upstreamTransport,
  waste,
  businessTravel,
  employeeCommuting,
  upstreamLeasedAssets,
  downstreamTransport,
  processing,
  useOfSoldProducts,
  endOfLife,
  downstreamLeasedAssets,
  franchises,
  investments,
] as CategoryModule<never>[];

export const CATEGORY_MODULES: ReadonlyMap<number, CategoryModule<unknown>> = new Map(
  modules.map((m) => [m.category, m as unknown as CategoryModule<unknown>]),
);
