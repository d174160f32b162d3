/**
 * Which rows of the US EPA GHG Emission Factors Hub become which activity keys (the keys the
 * Scope 3 category modules ask for; src/domain/scope3/categories/shared.ts lists them). Rows not
 * named here are skipped, except Table 1 fuels and Table 9 materials, which also get a key from
 * their name (`fuel.<slug>`, `waste.<treatment>.<slug>`). docs/factors.md has the full table.
 * Pure data.
 */

/**
 * Table 1 (stationary combustion) fuels whose key is not, or not only, the slug of their name:
 * the built-in keys (`fuel.diesel`, `petrol`, `fuel_oil`, `gas_oil`, `coal`, `lpg`, `kerosene`)
 * and readable names for the coal mixes. Distillate fuel oil No. 2 is diesel and gas oil (same
 * fuel, 10.21 kg CO2/gallon as "Diesel Fuel" in Table 2); residual fuel oil No. 6 is heavy fuel
 * oil; "Coal (industrial)" in the UK files is the industrial-sector coal mix.
 */
export const FUEL_KEYS: Readonly<Record<string, readonly string[]>> = {
  'Mixed (Commercial Sector)': ['coal_commercial'],
  'Mixed (Electric Power Sector)': ['coal_electric_power'],
  'Mixed (Industrial Coking)': ['coal_industrial_coking'],
  'Mixed (Industrial Sector)': ['coal_industrial', 'coal'],
  'Petroleum Coke (Solid)': ['petroleum_coke'],
  'Asphalt and Road Oil': ['asphalt_road_oil'],
  'Distillate Fuel Oil No. 1': ['distillate_fuel_oil_1'],
  'Distillate Fuel Oil No. 2': ['distillate_fuel_oil_2', 'diesel', 'gas_oil'],
  'Distillate Fuel Oil No. 4': ['distillate_fuel_oil_4'],
  'Kerosene-Type Jet Fuel': ['jet_fuel'],
  'Liquefied Petroleum Gases (LPG)': ['lpg'],
  'Motor Gasoline': ['motor_gasoline', 'gasoline', 'petrol'],
  'Naphtha (<401 deg F)': ['naphtha'],
  'Other Oil (>401 deg F)': ['other_oil'],
  'Residual Fuel Oil No. 5': ['residual_fuel_oil_5'],
  'Residual Fuel Oil No. 6': ['residual_fuel_oil_6', 'fuel_oil'],
};

/** Table 1 groups left out: biomass CO2 is biogenic, reported outside the scopes (GHG Protocol). */
export const isBiomassGroup = (group: string): boolean => /^biomass/i.test(group);

/**
 * Table 2 (mobile combustion CO2) rows for fuels Table 1 does not list. Their CH4 and N2O are given
 * per vehicle-mile by vehicle type (Table 4), not per unit of fuel, so these factors are CO2 only.
 * The other Table 2 rows repeat Table 1's CO2 for the same fuel and are not imported twice.
 */
export const MOBILE_FUEL_KEYS: Readonly<Record<string, string>> = {
  'Compressed Natural Gas (CNG)': 'cng',
  'Liquefied Natural Gas (LNG)': 'lng',
};

/**
 * Table 8 (categories 4 and 9) per ton-mile rows → `transport.<mode>` (kg CO2e/tkm). The hub has
 * one medium- and heavy-duty truck average, used for both truck classes; its waterborne craft
 * are US domestic (barges, coastal), so inland waterway, not the sea modes. The vehicle-mile rows
 * (a whole vehicle dedicated to the load) have no key: categories 4 and 9 compute per tonne-km.
 */
export const FREIGHT_KEYS: Readonly<Record<string, readonly string[]>> = {
  'Medium- and Heavy-Duty Truck': ['transport.road.truck_medium', 'transport.road.truck_heavy'],
  Rail: ['transport.rail'],
  'Waterborne Craft': ['transport.inland_waterway'],
  Aircraft: ['transport.air.cargo'],
};

/**
 * Table 10 (categories 6 and 7) rows → `travel.<type>` and `commute.<mode>`: per vehicle-mile
 * (cars, motorcycles; kg CO2e per vehicle-km) or per passenger-mile (per passenger-km). Not
 * mapped: light-duty trucks (no such travel type or commuting mode), the two intercity rail
 * routes (the national average is), and air travel by haul (category 6 asks `flight.<cabin>`).
 */
export const PASSENGER_KEYS: Readonly<Record<string, readonly string[]>> = {
  'Passenger Car': ['travel.car', 'commute.car'],
  Motorcycle: ['commute.motorcycle'],
  'Intercity Rail - National Average': ['travel.rail'],
  'Commuter Rail': ['commute.rail'],
  'Transit Rail (i.e. Subway, Tram)': ['commute.metro', 'commute.tram'],
  Bus: ['travel.bus', 'commute.bus'],
};

/**
 * Table 9 (categories 5 and 12) treatment columns → `waste.<treatment>`. Anaerobic digestion is
 * the dry-digestate column (it covers every digestible material; wet digestate has no value for
 * yard trimmings, grass, leaves and branches).
 */
export const WASTE_TREATMENT_COLUMNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^Recycled$/, 'recycling'],
  [/^Landfilled$/, 'landfill'],
  [/^Combusted$/, 'incineration'],
  [/^Composted$/, 'composting'],
  [/^Anaerobically Digested \(Dry Digestate with Curing\)$/, 'anaerobic_digestion'],
];

/** Table 9 materials that are also a built-in waste type (DESNZ names), besides their own slug. */
export const WASTE_MATERIAL_ALIASES: Readonly<Record<string, string>> = {
  'Aluminum Cans': 'aluminium',
  'Steel Cans': 'steel',
  'Corrugated Containers': 'cardboard',
  'Dimensional Lumber': 'wood',
  'Food Waste': 'food',
  'Yard Trimmings': 'garden',
  'Mixed Paper (general)': 'paper',
  'Mixed Metals': 'metal',
  'Mixed Plastics': 'plastic',
  'Mixed Electronics': 'weee',
};

/**
 * The mixed-waste averages (`waste.<treatment>`, the average-data method): the hub says "for the
 * average-data method, use one of the mixed material types, such as mixed MSW". Mixed MSW for
 * landfill and combustion, mixed recyclables for recycling, mixed organics for composting; no
 * mixed material has an anaerobic digestion value.
 */
export const WASTE_AVERAGES: Readonly<Record<string, string>> = {
  'Mixed MSW|landfill': 'waste.landfill',
  'Mixed MSW|incineration': 'waste.incineration',
  'Mixed Recyclables|recycling': 'waste.recycling',
  'Mixed Organics|composting': 'waste.composting',
};

/** A key part from a row label: "Sub-bituminous" → `sub_bituminous`. */
export function slugOf(label: string): string {
  return label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}
