/**
 * A calculation record per Scope 3 category, as OpenAPI documents it: a `oneOf` of one object per
 * category, told apart by `category` (docs/calculations.md, "Categories"). The engine validates
 * records field by field (src/domain/scope3), so a bad record in a batch fails on its own with
 * messages naming its fields; these schemas describe the same fields, and
 * test/http/record-schemas.test.ts checks that each one lists exactly the fields its category
 * module accepts.
 */
import { type TObject, type TProperties, type TSchema, Type } from 'typebox';
import { PEDIGREE_INDICATORS } from '../../domain/dqi/pedigree.ts';
import { MAX_AMOUNT, MAX_COMPANY_MONEY, MAX_COUNT, MAX_SPEND } from '../../domain/plausible-bounds.ts';
import { knownRefrigerants } from '../../domain/refrigerants.ts';
import { ALLOCATION_BASES } from '../../domain/scope3/categories/allocation.ts';
import {
  FUEL_BOUNDARIES,
  STORAGE_ALLOCATION_BASES,
  TRANSPORT_ALLOCATION_BASES,
  TRANSPORT_MODES,
} from '../../domain/scope3/categories/c04-upstream-transport.ts';
import { OPERATIONS_WASTE_TREATMENTS, WASTE_TREATMENTS } from '../../domain/scope3/categories/c05-waste.ts';
import { CABINS, CAR_TYPES, HAULS, MAX_OCCUPANCY, TRAVEL_TYPES } from '../../domain/scope3/categories/c06-business-travel.ts';
import { COMMUTE_MODES } from '../../domain/scope3/categories/c07-employee-commuting.ts';
import { PROCESSING_WASTE_TREATMENTS } from '../../domain/scope3/categories/c10-processing.ts';
import { INTERMEDIATE_ALLOCATION_BASES, MAX_LIFETIME_USES } from '../../domain/scope3/categories/c11-use-of-sold-products.ts';
import { MAX_STATED_GWP } from '../../domain/scope3/categories/fugitive.ts';
import { CATEGORY_MODULES } from '../../domain/scope3/categories/index.ts';
import { MAX_REPORTED_KG, SHARED_ASSET_BASES } from '../../domain/scope3/categories/reported-scope12.ts';
import { SLUG, SPEND_SECTORS } from '../../domain/scope3/categories/shared.ts';
import { MAX_MAGNITUDE } from '../../domain/scope3/fields.ts';
import { type Dimension, dimensionOf, knownUnits } from '../../domain/units.ts';

const positive = (description?: string, max = MAX_MAGNITUDE) => Type.Number({ exclusiveMinimum: 0, maximum: max, ...(description ? { description } : {}) });
const fraction = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });
const slug = (description: string) => Type.String({ pattern: SLUG.source, maxLength: 60, description });
const oneOfStrings = (values: readonly string[], description?: string) => Type.Enum([...values], description ? { description } : {});
/** A mode field takes a mode's name or the activity suffix it stands for (`truck_heavy` or `road.truck_heavy`). */
const modeOf = (modes: Readonly<Record<string, string>>) => oneOfStrings([...new Set([...Object.keys(modes), ...Object.values(modes)])]);

/** A unit of the given dimensions; the examples are the symbols Greenline knows for them (aliases work too). */
function unit(dims: readonly Dimension[] | null): TSchema {
  if (dims === null)
    return Type.String({ maxLength: 40, description: 'any unit Greenline knows (src/domain/units.ts)', examples: ['kg', 't', 'kWh', 'L', 'item'] });
  const symbols = knownUnits().filter((u) => dims.includes(dimensionOf(u)!));
  return Type.String({ maxLength: 40, description: `a unit of ${dims.join(' or ')}`, examples: symbols });
}

/** A quantity and its unit, given together; the quantity bounded per dimension of its unit (docs/calculations.md, Bounds). */
const measure = (q: string, u: string, dims: readonly Dimension[] | null, description?: string): TProperties => ({
  [q]: positive(`${description ? `${description}; ` : ''}at most a plausible amount of its unit's dimension, e.g. 1e9 t (docs/calculations.md, Bounds)`),
  [u]: unit(dims),
});

const spend = (field = 'spend', max = MAX_SPEND): TProperties => ({
  [field]: positive('money, in `currency`', max),
  currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 (default USD)' }),
  naics: Type.String({ pattern: '^\\d{6}$', description: 'NAICS-6, for the EEIO factor' }),
  sector: oneOfStrings(SPEND_SECTORS, 'sector average when there is no NAICS factor (default average)'),
});

const energyItems = Type.Array(
  Type.Object(
    { type: slug('electricity, district_heat, steam, district_cooling or a fuel'), ...measure('quantity', 'unit', ['energy', 'volume', 'mass']) },
    {
      required: ['type', 'quantity', 'unit'],
      additionalProperties: false,
    },
  ),
  { minItems: 1, description: 'metered energy and fuels' },
);

/** `allocation` (categories/allocation.ts): the reporting company's share of a shared activity. */
const allocation = (bases: readonly string[] = ALLOCATION_BASES) =>
  Type.Object(
    {
      basis: oneOfStrings(bases, 'what the share is measured by; `share` states it directly'),
      own: positive("the reporting company's amount of the basis"),
      total: positive('the whole activity’s amount of the basis, in the same unit'),
      occupancy_rate: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'area_occupancy: the occupied share of the building' }),
      share: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'basis share: the share itself' }),
    },
    {
      required: ['basis'],
      additionalProperties: false,
      description: 'share = own ÷ total (area_occupancy: own ÷ (total × occupancy_rate)), recorded in the result',
    },
  );

/** `refrigerants` (categories/fugitive.ts): refrigerant lost, or charge × leak rate, × GWP. */
const refrigerants = Type.Array(
  Type.Object(
    {
      type: Type.String({ maxLength: 40, description: 'HFC-134a, R-410A, R-404A, R-407C, R-507A, HFC-32, CO2…', examples: knownRefrigerants() }),
      ...measure('mass_lost', 'mass_unit', ['mass']),
      ...measure('charge', 'charge_unit', ['mass']),
      leak_rate: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'share of the charge lost in the period' }),
      gwp: Type.Number({
        exclusiveMinimum: 0,
        maximum: MAX_STATED_GWP,
        description: "the refrigerant's own GWP-100 as stated (kg CO2e per kg), instead of the GWP set's values; type is then optional",
      }),
    },
    { additionalProperties: false, description: 'type is required unless gwp is given' },
  ),
  { minItems: 1, maxItems: 100, description: 'fugitive emissions: mass lost (or charge × leak_rate) × GWP of the calculation’s GWP set' },
);

const floorArea = (typeField: string): TProperties => ({
  ...measure('floor_area', 'area_unit', ['area']),
  [typeField]: slug('the building or franchise type'),
});

/** `treatments` (categories 5, 12; c05-waste.ts readTreatmentShares): proportions of one amount by treatment. */
const treatmentShares = (description: string, withActivity = false) =>
  Type.Array(
    Type.Object(
      {
        treatment: oneOfStrings(WASTE_TREATMENTS),
        share: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'proportion treated so' }),
        ...(withActivity
          ? {
              activity: Type.String({
                maxLength: 200,
                description: "the share's own factor key instead of waste.<treatment>[.<waste_type>]; a treatment may be listed once per activity",
              }),
            }
          : {}),
      },
      { required: ['treatment', 'share'], additionalProperties: false },
    ),
    { minItems: 1, maxItems: 100, description: `${description}; each treatment once, shares summing to at most 1 (the rest is not counted)` },
  );

/** Each category's own fields (besides the common ones), and which are required. */
const CATEGORY_FIELDS: Record<number, { fields: TProperties; required?: string[] }> = {
  1: {
    fields: {
      product: Type.String({ maxLength: 200, description: 'activity key of an average-data factor' }),
      ...measure('quantity', 'unit', null),
      supplier_pcf: Type.Object(
        { value: Type.Number(), unit: unit(null) },
        { required: ['value', 'unit'], additionalProperties: false, description: 'kg CO2e per `unit`, from the supplier' },
      ),
      supplier_scope1_2_kgco2e: Type.Number({
        minimum: 0,
        maximum: 1e12,
        description: "hybrid method: the supplier's scope 1 and 2, kg CO2e (its total with `allocation`, else the goods' share)",
      }),
      supplier_energy: {
        ...energyItems,
        description: "hybrid method, instead of supplier_scope1_2_kgco2e: the supplier's metered energy and fuels (Σ × ef, then × allocation)",
      },
      other_upstream: Type.Object(
        {
          product: Type.String({ maxLength: 200, description: "factor key: the goods' cradle-to-gate factor excluding the supplier's scope 1, 2 and waste" }),
          ...measure('quantity', 'unit', null),
        },
        {
          required: ['product', 'quantity', 'unit'],
          additionalProperties: false,
          description: 'hybrid method, guidance formula [1.3]: all other upstream emissions of the goods bought',
        },
      ),
      allocation: allocation(['units', 'mass', 'economic', 'share']),
      material_inputs: Type.Array(
        Type.Object(
          { material: Type.String({ maxLength: 200, description: 'factor key, e.g. material.steel' }), ...measure('quantity', 'unit', null) },
          { required: ['material', 'quantity', 'unit'], additionalProperties: false },
        ),
        { minItems: 1, maxItems: 100, description: 'hybrid method: material inputs the supplier used for the goods' },
      ),
      inbound_transport: Type.Array(
        Type.Object(
          {
            mode: modeOf(TRANSPORT_MODES),
            vehicle: Type.String({ maxLength: 200, description: 'instead of mode: factor key of the vehicle type, per tkm or any freight unit (kgCO2e/kgkm)' }),
            ...measure('distance', 'distance_unit', ['distance']),
            ...measure('mass', 'mass_unit', ['mass']),
            tkm: positive('tonne-km', MAX_AMOUNT.freight),
          },
          { additionalProperties: false, description: 'mode or vehicle is required' },
        ),
        { minItems: 1, maxItems: 100, description: 'hybrid method: transport of the material inputs to the supplier' },
      ),
      supplier_waste: Type.Array(
        Type.Object(
          { treatment: oneOfStrings(WASTE_TREATMENTS), waste_type: slug('material'), ...measure('mass', 'mass_unit', ['mass']) },
          { required: ['treatment', 'mass', 'mass_unit'], additionalProperties: false },
        ),
        { minItems: 1, maxItems: 100, description: 'hybrid method: waste the supplier generated making the goods' },
      ),
      ...spend(),
    },
  },
  2: {
    fields: {
      asset: Type.String({ maxLength: 200 }),
      ...measure('quantity', 'unit', null),
      supplier_pcf: Type.Object({ value: Type.Number(), unit: unit(null) }, { required: ['value', 'unit'], additionalProperties: false }),
      useful_life_years: positive('with capital_goods=straight_line', 100),
      ...spend('capex'),
    },
  },
  3: {
    fields: {
      energy_type: slug('electricity, district_heat, steam, district_cooling or a fuel'),
      ...measure('quantity', 'unit', ['energy', 'volume', 'mass']),
      td_loss_pct: Type.Number({
        minimum: 0,
        maximum: 100,
        description: 'T&D loss rate of the network, a percentage: electricity, district_heat, steam, district_cooling (generation factor × rate)',
      }),
      td_losses: Type.Boolean({
        description: 'district_heat, steam, district_cooling: count the network’s T&D losses (factor <generation key>.td_loss); electricity’s always are',
      }),
    },
  },
  4: { fields: transportFields(true) },
  5: {
    fields: {
      treatment: oneOfStrings(OPERATIONS_WASTE_TREATMENTS, 'wastewater: with volume, factor wastewater[.<waste_type>]'),
      treatments: treatmentShares('a split of the mass (or volume) across treatments, instead of treatment (not wastewater)', true),
      waste_type: slug('plastic, paper, cardboard, glass, metal, food…; for wastewater its type, e.g. industrial'),
      ...measure('mass', 'mass_unit', ['mass']),
      ...measure('volume', 'volume_unit', ['volume'], 'instead of mass: wastewater, or waste whose factor is per volume'),
      recycling_rate: fraction('share recycled (not with treatments or wastewater)'),
      ...spend(),
    },
  },
  6: {
    fields: {
      travel_type: oneOfStrings(TRAVEL_TYPES),
      cabin: oneOfStrings(CABINS),
      ...measure('distance', 'distance_unit', ['distance']),
      passengers: Type.Integer({ minimum: 1, maximum: 10_000 }),
      radiative_forcing: Type.Boolean(),
      nights: positive(undefined, MAX_COUNT.nights),
      country: Type.String({ pattern: '^[A-Za-z]{2}$' }),
      vehicles: Type.Integer({
        minimum: 1,
        maximum: 10_000,
        description: 'car, taxi: how many vehicles the party used, each the whole distance (at most passengers)',
      }),
      occupancy: Type.Integer({
        minimum: 1,
        maximum: MAX_OCCUPANCY,
        description: 'car, taxi: people per vehicle, with passengers; vehicles = ⌈passengers ÷ occupancy⌉ (not with vehicles)',
      }),
      car_type: oneOfStrings(CAR_TYPES, 'car: size, fuel or <size>_<fuel>, factor travel.car.<car_type> (travel.car stands in; average is travel.car)'),
      haul: oneOfStrings(HAULS, 'flight: flight type, factor flight.<haul>_haul (with cabin: flight.<haul>_haul.<cabin>; flight.<cabin> stands in)'),
      average_occupancy: Type.Number({
        minimum: 1,
        maximum: MAX_OCCUPANCY,
        description: 'car, taxi: average people per vehicle, with passengers; vehicle-km = distance × passengers ÷ average_occupancy, not rounded',
      }),
      ...spend(),
    },
  },
  7: {
    fields: {
      mode: modeOf(COMMUTE_MODES),
      ...measure('distance', 'distance_unit', ['distance'], 'per trip'),
      one_way: Type.Boolean({ description: 'distance is one way (doubled for the round trip)' }),
      days_per_week: positive(undefined, 7),
      weeks: positive(undefined, 53),
      employees: positive(undefined, MAX_COUNT.employees),
      occupancy: positive('people per vehicle', 100),
      days_per_year: positive('commuting days per year, instead of days_per_week and weeks (which are required without it)', 366),
      mode_share: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'share of employees commuting by this mode (average-data method)' }),
    },
  },
  8: { fields: leasedAssetFields(true) },
  9: { fields: transportFields(false) },
  10: {
    fields: {
      ...measure('quantity', 'unit', null, 'required unless energy is given'),
      ...measure('energy_per_unit', 'energy_unit', ['energy', 'volume', 'mass']),
      energy: energyItems,
      energy_type: slug('default electricity'),
      energy_data: oneOfStrings(
        ['processor', 'industry_average'],
        "whose energy_per_unit: the processor's own (tier 1, default) or a published industry average (tier 2)",
      ),
      process: slug('activity processing.<process>'),
      waste: Type.Array(
        Type.Object(
          {
            treatment: oneOfStrings(PROCESSING_WASTE_TREATMENTS, 'unspecified: the factor names no treatment, waste.unspecified[.<waste_type>]'),
            waste_type: slug('factor waste.<treatment>.<waste_type>; without it waste.<treatment>'),
            mass: positive('waste of the whole quantity'),
            mass_per_unit: positive('waste per one `unit` of quantity (instead of mass)'),
            mass_unit: unit(['mass']),
          },
          { required: ['treatment', 'mass_unit'], additionalProperties: false },
        ),
        { minItems: 1, maxItems: 100, description: 'site_specific: waste the processing generates, × its treatment factor' },
      ),
    },
  },
  11: {
    fields: {
      units: positive('units sold (intermediate: intermediate products sold)', MAX_COUNT.units),
      lifetime_years: positive('required with energy_per_year or fuel_per_year, or when no lifetime_uses', 100),
      ...measure('energy_per_year', 'energy_unit', ['energy'], 'electricity per product and year'),
      fuel_type: slug('a fuel'),
      ...measure('fuel_per_year', 'fuel_unit', ['volume', 'mass', 'energy'], 'fuel per product and year'),
      lifetime_uses: positive('uses per product over its life (washes, charges, hours, km…); required with energy_per_use or fuel_per_use', MAX_LIFETIME_USES),
      ...measure('energy_per_use', 'energy_per_use_unit', ['energy'], 'electricity per use'),
      ...measure('fuel_per_use', 'fuel_per_use_unit', ['volume', 'mass', 'energy'], 'fuel per use'),
      intermediate: Type.Boolean({ description: 'units are intermediate products; the energy and use fields describe the final product' }),
      allocation: allocation(INTERMEDIATE_ALLOCATION_BASES),
      scenario_share: Type.Number({
        exclusiveMinimum: 0,
        maximum: 1,
        description: 'share of the lifetime uses in this use scenario (multiplies the per-use terms)',
      }),
      use_profile: slug('factor use_phase.<use_profile>: kg CO2e per use (with lifetime_uses)'),
      lifetime_uses_unit: unit(null),
    },
    required: ['units'],
  },
  12: {
    fields: {
      units: positive('units sold (default 1)', MAX_COUNT.units),
      ...measure('product_mass', 'product_mass_unit', ['mass'], 'mass of one unit of product, with the materials’ mass_share'),
      materials: Type.Array(
        Type.Object(
          {
            material: slug('plastic, paper, metal…'),
            ...measure('mass', 'mass_unit', ['mass'], 'per unit of product'),
            mass_share: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'instead of mass: share of product_mass (all materials’ sum at most 1)' }),
            treatment: oneOfStrings(WASTE_TREATMENTS),
            treatments: treatmentShares('instead of treatment: the proportion of the material treated by each'),
          },
          {
            required: ['material'],
            additionalProperties: false,
          },
        ),
        { minItems: 1, maxItems: 100 },
      ),
    },
    required: ['materials'],
  },
  13: { fields: leasedAssetFields(false) },
  14: {
    fields: {
      energy: energyItems,
      ...floorArea('franchise_type'),
      energy_intensity: positive('kWh per m² and year', 100_000),
      count: positive('franchises', MAX_COUNT.franchises),
      refrigerants,
      allocation: allocation(SHARED_ASSET_BASES),
      ...reportedScope12('franchisee'),
    },
  },
  15: {
    fields: {
      investee: Type.String({ maxLength: 200 }),
      company_emissions_tco2e: Type.Number({ minimum: 0, maximum: MAX_COUNT.companyEmissionsT }),
      outstanding: positive('amount invested (required unless investment_share is given)', MAX_COMPANY_MONEY),
      evic: positive('enterprise value including cash', MAX_COMPANY_MONEY),
      pcaf_score: Type.Integer({ minimum: 1, maximum: 5 }),
      ...spend('company_revenue', MAX_COMPANY_MONEY),
      project_scope1_2_tco2e: Type.Number({
        minimum: 0,
        maximum: MAX_COUNT.companyEmissionsT,
        description:
          "project finance: the project's scope 1 and 2 in the reporting year, t CO2e (× outstanding ÷ (project_equity + project_debt); evic is then not needed)",
      }),
      project_equity: Type.Number({ minimum: 0, maximum: MAX_COMPANY_MONEY, description: "project finance: the project's total equity, in `currency`" }),
      project_debt: Type.Number({ minimum: 0, maximum: MAX_COMPANY_MONEY, description: "project finance: the project's total debt, in `currency`" }),
      project_lifetime_years: positive('project finance: expected operating lifetime; its projected lifetime emissions are shown, not added', 100),
      projected_annual_tco2e: Type.Number({
        minimum: 0,
        maximum: MAX_COUNT.companyEmissionsT,
        description: 'project finance: projected annual scope 1 and 2 over the lifetime, t CO2e (default project_scope1_2_tco2e)',
      }),
      investment_share: Type.Number({
        exclusiveMinimum: 0,
        maximum: 1,
        description:
          "the reporting company's share of the investee's equity (a company) or of the total project costs (a project), as stated, instead of outstanding ÷ evic or outstanding ÷ the project cost; outstanding and evic are then not given",
      }),
      revenue_share: Type.Number({
        exclusiveMinimum: 0,
        maximum: 1,
        description: "with company_revenue: the share of the investee's revenue in this record's sector (naics/sector), one record per sector",
      }),
      project_total_cost: positive(
        'project finance: the total project cost (equity plus debt) as one amount, in `currency`, instead of project_equity and project_debt',
        MAX_COMPANY_MONEY,
      ),
      project_construction_cost: positive(
        'project finance, average-data method: the project construction cost in the reporting year (construction phase), in `currency`, × EEIO ef (naics/sector) × share of total project costs',
        MAX_COMPANY_MONEY,
      ),
      project_revenue: positive(
        'project finance, average-data method: the project revenue in the reporting year (operational phase), in `currency`, × EEIO ef (naics/sector) × share of total project costs',
        MAX_COMPANY_MONEY,
      ),
    },
  },
};

function transportFields(withSpend: boolean): TProperties {
  const leg = {
    mode: modeOf(TRANSPORT_MODES),
    ...measure('distance', 'distance_unit', ['distance']),
    ...measure('mass', 'mass_unit', ['mass']),
    tkm: positive('tonne-kilometres, instead of distance × mass', MAX_AMOUNT.freight),
  };
  return {
    ...leg,
    legs: Type.Array(Type.Object(leg, { additionalProperties: false }), { description: 'a multimodal shipment; a leg without mass carries the shipment’s' }),
    fuel_type: slug('a fuel, for the fuel-based method'),
    ...measure('fuel_quantity', 'fuel_unit', ['volume', 'mass', 'energy'], "the vehicle run's fuel"),
    fuel_boundary: oneOfStrings(
      FUEL_BOUNDARIES,
      'fuel-based method: tank_to_wheel = fuel × fuel.<fuel_type> alone (the fuel factor taken as the whole; UPSTREAM_NOT_INCLUDED), well_to_wheel = with wtt.<fuel_type> and no combustion-only fallback; default: well-to-wheel, combustion only when no wtt factor is found',
    ),
    ...reportedScope12('carrier'),
    refrigerants: {
      ...refrigerants,
      description:
        "fugitive emissions: mass lost (or charge × leak_rate) × GWP of the calculation’s GWP set, lost by the vehicle's refrigeration on the run (or, in a storage record, the facility's in the period), × the allocation share",
    },
    allocation: {
      ...allocation([...new Set([...TRANSPORT_ALLOCATION_BASES, ...STORAGE_ALLOCATION_BASES])]),
      description:
        "the shipment's share of a shared vehicle run (mass, volume, tkm, distance — great-circle distances — or share; applied to fuel and refrigerants), or in a storage record the company's share of the facility (volume, area or share)",
    },
    storage_energy: { ...energyItems, description: "storage record: the storage facility's metered energy in the period (site-specific method)" },
    ...measure(
      'stored_volume',
      'volume_unit',
      ['volume', 'volume_time'],
      'storage record: volume of goods stored (with days_stored), or m³·day in unit m3_day',
    ),
    days_stored: positive('storage record: average number of days the goods were stored', MAX_AMOUNT.time),
    facility_type: slug('storage record: warehouse, cold_storage, distribution_centre, retail…; factor storage.<facility_type> in kgCO2e/m3_day'),
    ...(withSpend ? spend() : {}),
  };
}

/** Categories 8 (with spend; the lessor reports) and 13 (the lessee reports). */
function leasedAssetFields(withSpend: boolean): TProperties {
  return {
    energy: energyItems,
    ...floorArea('building_type'),
    energy_intensity: positive('kWh per m² and year', 100_000),
    lease_fraction: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      description: 'share of the year leased (default 1); scales the area estimate and reported emissions, not metered energy',
    }),
    refrigerants,
    allocation: allocation(SHARED_ASSET_BASES),
    ...reportedScope12(withSpend ? 'lessor' : 'lessee'),
    ...(withSpend ? spend() : {}),
  };
}

/** Another company's reported scope 1 and 2, kg CO2e (categories/reported-scope12.ts): both, × the allocation share. */
function reportedScope12(whose: string): TProperties {
  const scope = (n: 1 | 2) =>
    Type.Number({
      minimum: 0,
      maximum: MAX_REPORTED_KG,
      description: `the ${whose}'s reported scope ${n}, kg CO2e; with reported_scope${n === 1 ? 2 : 1}_kgco2e, × the allocation share`,
    });
  return {
    reported_scope1_kgco2e: scope(1),
    reported_scope2_kgco2e: scope(2),
    reported_scope1_2_kgco2e: Type.Number({
      minimum: 0,
      maximum: MAX_REPORTED_KG,
      description: `the ${whose}'s reported scope 1 and 2 combined, kg CO2e, where only the sum is reported (instead of reported_scope1_kgco2e and reported_scope2_kgco2e), × the allocation share`,
    }),
  };
}

/** Fields every record may carry, whatever its category (src/domain/scope3/engine.ts). */
const commonFields = (category: number): TProperties => ({
  category: Type.Literal(category),
  date: Type.String({ format: 'date', description: 'the activity date, YYYY-MM-DD, 1990-01-01 to 2100-12-31' }),
  supplier_id: Type.String({ maxLength: 100 }),
  external_id: Type.String({ maxLength: 200, description: 'your own id for the record' }),
  region: Type.String({ pattern: '^[A-Za-z]{2,6}(-[A-Za-z0-9]{1,4})?$', description: 'ISO 3166 code, EU or GLOBAL' }),
  pedigree: Type.Object(Object.fromEntries(PEDIGREE_INDICATORS.map((i) => [i, Type.Integer({ minimum: 1, maximum: 5 })])), {
    required: [...PEDIGREE_INDICATORS],
    additionalProperties: false,
    description: 'data-quality pedigree scores, 1 (best) to 5',
  }),
});

/** Quantities and their units: each needs the other. */
const PAIRS = [
  ['quantity', 'unit'],
  ['distance', 'distance_unit'],
  ['mass', 'mass_unit'],
  ['fuel_quantity', 'fuel_unit'],
  ['energy_per_unit', 'energy_unit'],
  ['energy_per_year', 'energy_unit'],
  ['fuel_per_year', 'fuel_unit'],
  ['floor_area', 'area_unit'],
  ['mass_lost', 'mass_unit'],
  ['charge', 'charge_unit'],
  ['volume', 'volume_unit'],
  ['product_mass', 'product_mass_unit'],
  ['stored_volume', 'volume_unit'],
] as const;

function dependentRequired(fields: TProperties): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [q, u] of PAIRS) {
    if (!(q in fields && u in fields)) continue;
    out[q] = [u];
    out[u] = [q];
  }
  return out;
}

/** One category's record. */
export function categoryRecord(category: number): TObject {
  const own = CATEGORY_FIELDS[category]!;
  return Type.Object(
    { ...commonFields(category), ...own.fields },
    {
      required: ['category', 'date', ...(own.required ?? [])],
      dependentRequired: dependentRequired(own.fields),
      additionalProperties: false,
      title: `Category ${category}: ${CATEGORY_MODULES.get(category)!.name}`,
    },
  );
}

/** A record of any category: what OpenAPI documents for `record` and each of `records`. */
export const CategoryRecord = {
  oneOf: [...CATEGORY_MODULES.keys()].sort((a, b) => a - b).map(categoryRecord),
  description: 'One activity record: `category`, `date` and the category’s own fields (docs/calculations.md); a batch reports each record’s errors on its own',
};
