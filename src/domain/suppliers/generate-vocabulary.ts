/**
 * The word lists the supplier evaluation-set generator (generate.ts) builds names from: stems
 * (surnames, places, word stems), coined-brand parts, industries, qualifiers, legal forms per country,
 * abbreviations and branch words. A canonical name is `stem part + industry + qualifier + legal form`;
 * the stem, industry and qualifier tokens are kept disjoint (after folding accents and case) so that
 * a name parses back to its parts, which is what makes names unique and mentions' truth checkable.
 */

/** Whitespace-separated words. */
const words = (text: string): readonly string[] => text.trim().split(/\s+/);
/** Comma-separated phrases (a line may end with a comma). */
const phrases = (text: string): readonly string[] =>
  text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');

/** Surnames from the countries suppliers come from; the first of them also form pairs and `& Sons`. */
export const SURNAMES = words(`
  Becker Hoffmann Schmidt Schmitt Meyer Meier Wagner Weber Fischer Schulz Krüger Müller Koch Richter Wolf Braun Zimmermann
  Hartmann Lange Werner Krause Lehmann Köhler Walter Schreiber Neumann Schwarz Bauer Klein Schröder Keller Vogel Frank
  Berger Kaiser Fuchs Huber Brandt Jäger Günther Lorenz Ludwig Winkler Seidel Engel Vogt Sommer Dietrich Haas Graf Roth
  Beck Lindner Stein Kuhn Pohl Heinrich Böhm Albrecht Kraus Smith Johnson Brown Taylor Wilson Davies Evans Thomas Roberts
  Walker Wright Thompson Hughes Hall Wood Clarke Jackson Harris Lewis Robinson Turner Baker Cooper Hill Ward Morgan
  Mitchell Carter Phillips Parker Bennett Collins Anderson Miller Davis Moore Martin Allen Young King Scott Adams Nelson
  Campbell Stewart Dubois Lefèvre Moreau Laurent Girard Bonnet Dupont Lambert Fontaine Rousseau Mercier Blanc Guérin Boyer
  Garnier Chevalier François Legrand Gauthier Perrin Robin Clément Morin Nicolas Roussel Mathieu Masson Marchand Duval
  Lemaire Faure Bertrand Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti Costa
  Giordano Mancini Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso Ferrara Galli Martini Leone
  Longo García Martínez López Sánchez Pérez Gómez Fernández Ruiz Díaz Moreno Muñoz Álvarez Romero Navarro Torres Domínguez
  Vázquez Ramos Serrano Blanco Molina Morales Ortega Delgado Silva Santos Oliveira Souza Pereira Almeida Jansen Bakker
  Visser Smit Mulder Bos Vos Peters Hendriks Dekker Brouwer Dijkstra Vermeulen Kok Jacobs Willems Verhoeven Hoekstra Maas
  Virtanen Korhonen Nieminen Mäkinen Hämäläinen Laine Heikkinen Koskinen Järvinen Lehtonen Salminen Andersson Johansson
  Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Lindberg Lindqvist Hansen Nielsen Pedersen
  Kristiansen Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski Novák
  Dvořák Svoboda Černý Procházka Kaya Demir Şahin Çelik Arslan Doğan Öztürk Tanaka Suzuki Takahashi Watanabe Ito Yamamoto
  Nakamura Kobayashi Kato Yoshida Yamada Sasaki Matsumoto Inoue Kimura Hayashi Shimizu Mori Ikeda Hashimoto Wang Zhang Liu
  Chen Yang Huang Zhao Zhou Sun Zhu Guo Lin Gao Luo Zheng Liang Xie Song Tang Han Kim Lee Park Choi Jung Kang Sharma Patel
  Singh Kumar Gupta Reddy Mehta Shah Joshi Iyer Nair Rao Desai Kapoor Malhotra Agarwal Chopra Bhat
`);

/** Places and words companies are named after. */
export const WORD_STEMS = words(`
  Delta Omega Alpha Apex Summit Atlas Phoenix Orion Vega Polaris Nova Aurora Baltic Nordic Alpine Rhein Elbe Danube Thames
  Hudson Cordillera Atlantic Sierra Pioneer Liberty Eagle Falcon Condor Titan Vulcan Zenith Meridian Horizon Crescent
  Sterling Granite Cobalt Crystal Emerald Sapphire Keystone Redwood Oakridge Riverside Lakeside Northgate Westfield
  Eastern Southern Continental Imperial Royal Premier Pinnacle Vertex Quantum Fusion Vector Matrix Nexus Bavaria Saxonia
  Lombardia Iberia Andes Fuji Sakura Yangtze Ganges Himalaya Carpathia Scandia Helvetia Lusitania Aegean Adriatic Solaris
  Arctic Tundra Everest Olympus Cascade Evergreen Bluewater Silverline Goldcrest Ironbridge Stonebridge Highland Midland
  Eastgate Harbour Beacon Compass
`);

/** How many of SURNAMES pair up as `A & B` (first index lower, so `B & A` is never canonical). */
export const PAIR_SURNAMES = 50;
/** Family-firm endings put after a surname. */
export const FAMILY_ENDINGS = ['& Sons', 'Brothers', '& Partner'];

/** Coined brand names are a prefix and a suffix ("Nordtec", "Voltaris"). */
export const COINED_PREFIXES = words(`
  Nord Sud Ost West Eco Bio Agri Aqua Astra Aero Alu Arco Axio Belo Bono Cali Carbo Cera Chemo Cita Clara Cora Cosmo Cryo
  Dyna Elto Ener Equi Ferro Flexi Flora Forta Galva Geo Helio Hydro Inno Isa Kine Lumi Magna Maro Medi Mega Metra Micro
  Mobi Mono Nano Neo Nexo Octa Omni Opti Orbi Pano Petro Plasti Poly Prima Proto Quanta Radi Rota Sani Sela Servo Sola
  Spectra Stella Syno Tecno Tele Terra Thermo Tria Ultra Uni Vala Vario Velo Venti Verda Vita Volta Xeno Zeta Alba Brava
  Cava Dura Fina Gala Hexa Ika Juno Kora Lato Mira Nima Oro Pira Rexa Sava Tora Vira Zora Arca Bera Diro Esto
`);
export const COINED_SUFFIXES = words(`
  tec tron tronic lux max flex form gen lab line link logic matic med net plan plast point quip ris sys vance vex via
  vision wave wise ix ium ara ega ona ica ent is dyne core cell mont dal berg feld heim stad ville polis ton field ford
  gate mark stone well rock star dor
`);

/**
 * Industries, a multiple of 4 used: industry k belongs to group k mod (length / 4), and the four
 * companies of a family share a stem part and take the four industries of one group.
 */
export const INDUSTRIES = phrases(`
  Steel, Electronics, Logistics, Chemicals, Plastics, Packaging, Textiles, Foods, Pharmaceuticals, Automotive, Aerospace,
  Machinery, Tools, Castings, Forgings, Fasteners, Cables, Batteries, Solar, Energy, Paper, Glass, Ceramics, Coatings,
  Paints, Polymers, Rubber, Fibres, Metals, Alloys, Aluminium, Copper, Mining, Minerals, Cement, Concrete, Construction,
  Engineering, Shipping, Freight, Transport, Aviation, Marine, Rail, Bearings, Valves, Pumps, Motors, Drives, Controls,
  Sensors, Optics, Instruments, Devices, Components, Software, Semiconductors, Robotics, Automation, Hydraulics,
  Pneumatics, Filters, Furniture, Timber, Printing, Labels, Media, Telecom, Networks, Electric, Lighting, Heating,
  Refrigeration, Water, Recycling, Waste Management, Medical, Healthcare, Laboratories, Biotech, Agro, Seeds, Fertilizers,
  Dairy, Beverages, Brewing, Apparel, Footwear, Leather, Cosmetics, Detergents, Catering, Cleaning, Security, Consulting,
  Staffing, Steel Manufacturing, Precision Manufacturing, Contract Manufacturing, Metal Works, Steel Tubes, Wire Products,
  Paper Products, Industrial Gases, Fine Chemicals, Specialty Chemicals, Power Equipment, Mining Equipment, Farm Equipment,
  Office Supplies, Electrical Equipment, Precision Parts, Auto Parts, Springs, Gears, Chains, Pipes, Fittings, Insulation,
  Composites, Adhesives, Lubricants, Fuels, Wind Power, Hydrogen, Moulds, Tooling, Packaging Machinery
`);

/** Words after the industry; a country-named one makes the company that country's. */
export const QUALIFIERS: ReadonlyArray<{ text: string; country?: string }> = [
  { text: 'Europe' },
  { text: 'International' },
  { text: 'Trading' },
  { text: 'Systems' },
  { text: 'Services' },
  { text: 'Technologies' },
  { text: 'Solutions' },
  { text: 'North America', country: 'US' },
  { text: 'Asia Pacific' },
  { text: 'Industries' },
  { text: 'Global' },
  { text: 'Worldwide' },
  { text: 'Deutschland', country: 'DE' },
  { text: 'France', country: 'FR' },
  { text: 'Italia', country: 'IT' },
  { text: 'España', country: 'ES' },
  { text: 'UK', country: 'GB' },
  { text: 'USA', country: 'US' },
  { text: 'China', country: 'CN' },
  { text: 'India', country: 'IN' },
  { text: 'Japan', country: 'JP' },
  { text: 'Benelux', country: 'NL' },
  { text: 'Scandinavia', country: 'SE' },
];

/** Abbreviations ledgers use, keyed by the full word or phrase. */
export const ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = {
  International: ['Intl', "Int'l", 'Intl.'],
  Europe: ['Eur.', 'Eur'],
  Manufacturing: ['Mfg', 'Mfg.'],
  Technologies: ['Tech', 'Techs.'],
  Engineering: ['Eng.', 'Engg'],
  Industries: ['Inds.', 'Ind.'],
  Services: ['Svcs', 'Serv.'],
  Systems: ['Sys.', 'Syst.'],
  Brothers: ['Bros.', 'Bros'],
  Products: ['Prods.', 'Prod.'],
  Equipment: ['Equip.', 'Eqpt'],
  Electronics: ['Elec.', 'Electr.'],
  Laboratories: ['Labs', 'Lab.'],
  Chemicals: ['Chem.', 'Chems'],
  Components: ['Comp.', 'Cmpts'],
  Solutions: ['Sol.', 'Solns'],
  Partner: ['Ptnr'],
  Trading: ['Trdg'],
  Logistics: ['Log.', 'Logist.'],
  Machinery: ['Mach.', 'Mchy'],
  Pharmaceuticals: ['Pharma', 'Pharm.'],
  Instruments: ['Instr.', 'Inst.'],
  Management: ['Mgmt', 'Mgt.'],
  Automotive: ['Auto', 'Automot.'],
  Construction: ['Constr.', 'Const.'],
  Semiconductors: ['Semi', 'Semicond.'],
  Worldwide: ['WW', 'W/W'],
  Deutschland: ['Dtl.', 'Dtschl.'],
  'North America': ['N.A.', 'NA', 'N. America'],
  'Asia Pacific': ['APAC', 'Asia Pac.'],
};

export interface CountryForms {
  code: string;
  /** Share of companies, relative. */
  weight: number;
  /** Legal forms as companies there write them; the first is the most common. */
  forms: readonly string[];
  /** A form written out in full, as some ledgers do. */
  expansions: Readonly<Record<string, string>>;
  /** Branch or plant words, `{city}` and `{n}` filled in. */
  branches: readonly string[];
  cities: readonly string[];
}

const PLANT = '- Plant {n}';

export const COUNTRIES: readonly CountryForms[] = [
  {
    code: 'DE',
    weight: 14,
    forms: ['GmbH', 'AG', 'GmbH & Co. KG', 'KG'],
    expansions: { GmbH: 'Gesellschaft mit beschränkter Haftung', AG: 'Aktiengesellschaft', KG: 'Kommanditgesellschaft' },
    branches: ['Niederlassung {city}', 'Werk {n}', 'Zweigniederlassung {city}', PLANT],
    cities: ['Hamburg', 'München', 'Köln', 'Stuttgart', 'Düsseldorf', 'Leipzig'],
  },
  {
    code: 'US',
    weight: 14,
    forms: ['Inc.', 'LLC', 'Corp.'],
    expansions: { 'Inc.': 'Incorporated', 'Corp.': 'Corporation', LLC: 'Limited Liability Company' },
    branches: [PLANT, '{city} Division', '- {city} Facility'],
    cities: ['Chicago', 'Houston', 'Detroit', 'Pittsburgh', 'Atlanta', 'Cleveland'],
  },
  {
    code: 'CN',
    weight: 12,
    forms: ['Co., Ltd.', 'Ltd.'],
    expansions: { 'Co., Ltd.': 'Company Limited', 'Ltd.': 'Limited' },
    branches: ['{city} Branch', '({city}) Branch', PLANT],
    cities: ['Shanghai', 'Shenzhen', 'Tianjin', 'Ningbo', 'Suzhou', 'Guangzhou'],
  },
  {
    code: 'GB',
    weight: 6,
    forms: ['Ltd', 'PLC'],
    expansions: { Ltd: 'Limited', PLC: 'Public Limited Company' },
    branches: ['UK branch', '{city} branch', PLANT],
    cities: ['Birmingham', 'Manchester', 'Leeds', 'Sheffield', 'Glasgow', 'Bristol'],
  },
  {
    code: 'FR',
    weight: 6,
    forms: ['SA', 'SAS', 'SARL'],
    expansions: { SA: 'Société anonyme', SAS: 'Société par actions simplifiée', SARL: 'Société à responsabilité limitée' },
    branches: ['Succursale de {city}', 'Établissement de {city}', 'Usine {n}'],
    cities: ['Lyon', 'Lille', 'Toulouse', 'Nantes', 'Marseille', 'Strasbourg'],
  },
  {
    code: 'IT',
    weight: 6,
    forms: ['S.p.A.', 'S.r.l.'],
    expansions: { 'S.p.A.': 'Società per Azioni', 'S.r.l.': 'Società a responsabilità limitata' },
    branches: ['Filiale di {city}', 'Stabilimento {n}', 'Sede di {city}'],
    cities: ['Milano', 'Torino', 'Brescia', 'Bologna', 'Verona', 'Napoli'],
  },
  {
    code: 'JP',
    weight: 6,
    forms: ['K.K.', 'Co., Ltd.'],
    expansions: { 'K.K.': 'Kabushiki Kaisha', 'Co., Ltd.': 'Company Limited' },
    branches: ['{city} Factory', '{city} Branch', PLANT],
    cities: ['Osaka', 'Nagoya', 'Yokohama', 'Kobe', 'Kitakyushu', 'Hamamatsu'],
  },
  {
    code: 'IN',
    weight: 5,
    forms: ['Pvt Ltd', 'Ltd'],
    expansions: { 'Pvt Ltd': 'Private Limited', Ltd: 'Limited' },
    branches: ['{city} Unit', '- Unit {n}', '{city} Branch'],
    cities: ['Mumbai', 'Pune', 'Chennai', 'Bengaluru', 'Ahmedabad', 'Kolkata'],
  },
  {
    code: 'ES',
    weight: 4,
    forms: ['S.A.', 'S.L.'],
    expansions: { 'S.A.': 'Sociedad Anónima', 'S.L.': 'Sociedad Limitada' },
    branches: ['Sucursal en {city}', 'Planta {n}'],
    cities: ['Madrid', 'Barcelona', 'Valencia', 'Bilbao', 'Sevilla', 'Zaragoza'],
  },
  {
    code: 'NL',
    weight: 4,
    forms: ['B.V.', 'N.V.'],
    expansions: { 'B.V.': 'Besloten Vennootschap', 'N.V.': 'Naamloze Vennootschap' },
    branches: ['Vestiging {city}', 'Fabriek {n}'],
    cities: ['Rotterdam', 'Eindhoven', 'Utrecht', 'Tilburg', 'Groningen', 'Breda'],
  },
  {
    code: 'PL',
    weight: 3,
    forms: ['Sp. z o.o.', 'S.A.'],
    expansions: { 'Sp. z o.o.': 'Spółka z ograniczoną odpowiedzialnością', 'S.A.': 'Spółka Akcyjna' },
    branches: ['Oddział {city}', 'Zakład {n}'],
    cities: ['Warszawa', 'Kraków', 'Wrocław', 'Poznań', 'Gdańsk', 'Katowice'],
  },
  {
    code: 'KR',
    weight: 3,
    forms: ['Co., Ltd.'],
    expansions: { 'Co., Ltd.': 'Company Limited' },
    branches: ['{city} Plant', '{city} Branch'],
    cities: ['Ulsan', 'Busan', 'Incheon', 'Pohang', 'Changwon', 'Daegu'],
  },
  {
    code: 'SE',
    weight: 2,
    forms: ['AB'],
    expansions: { AB: 'Aktiebolag' },
    branches: ['filial {city}', 'Fabrik {n}'],
    cities: ['Göteborg', 'Malmö', 'Västerås', 'Luleå', 'Örebro', 'Uppsala'],
  },
  {
    code: 'FI',
    weight: 2,
    forms: ['Oy', 'Oyj'],
    expansions: { Oy: 'Osakeyhtiö', Oyj: 'Julkinen osakeyhtiö' },
    branches: ['{city} toimipiste', 'Tehdas {n}'],
    cities: ['Tampere', 'Oulu', 'Turku', 'Espoo', 'Vaasa', 'Lahti'],
  },
  {
    code: 'AT',
    weight: 2,
    forms: ['GmbH', 'AG'],
    expansions: { GmbH: 'Gesellschaft mit beschränkter Haftung', AG: 'Aktiengesellschaft' },
    branches: ['Niederlassung {city}', 'Werk {n}'],
    cities: ['Linz', 'Graz', 'Wien', 'Salzburg', 'Innsbruck', 'Klagenfurt'],
  },
  {
    code: 'CH',
    weight: 2,
    forms: ['AG', 'SA', 'GmbH', 'Sàrl'],
    expansions: { AG: 'Aktiengesellschaft', SA: 'Société anonyme' },
    branches: ['Zweigniederlassung {city}', 'Succursale de {city}'],
    cities: ['Basel', 'Zürich', 'Genève', 'Lausanne', 'Winterthur', 'Luzern'],
  },
  {
    code: 'BE',
    weight: 2,
    forms: ['NV', 'SA', 'BV', 'SRL'],
    expansions: { NV: 'Naamloze Vennootschap', SA: 'Société anonyme' },
    branches: ['Vestiging {city}', 'Succursale de {city}'],
    cities: ['Antwerpen', 'Gent', 'Liège', 'Charleroi', 'Brugge', 'Leuven'],
  },
  {
    code: 'DK',
    weight: 1,
    forms: ['A/S', 'ApS'],
    expansions: { 'A/S': 'Aktieselskab', ApS: 'Anpartsselskab' },
    branches: ['filial {city}', 'Fabrik {n}'],
    cities: ['Aarhus', 'Odense', 'Aalborg', 'Esbjerg', 'Vejle', 'Kolding'],
  },
  {
    code: 'BR',
    weight: 2,
    forms: ['Ltda.', 'S.A.'],
    expansions: { 'Ltda.': 'Limitada', 'S.A.': 'Sociedade Anônima' },
    branches: ['Filial {city}', 'Unidade {n}'],
    cities: ['São Paulo', 'Campinas', 'Curitiba', 'Joinville', 'Manaus', 'Santos'],
  },
  {
    code: 'MX',
    weight: 2,
    forms: ['S.A. de C.V.', 'S. de R.L. de C.V.'],
    expansions: { 'S.A. de C.V.': 'Sociedad Anónima de Capital Variable' },
    branches: ['Planta {n}', 'Sucursal {city}'],
    cities: ['Monterrey', 'Querétaro', 'Saltillo', 'Puebla', 'Guadalajara', 'Toluca'],
  },
  {
    code: 'TR',
    weight: 2,
    forms: ['A.Ş.', 'Ltd. Şti.'],
    expansions: { 'A.Ş.': 'Anonim Şirketi', 'Ltd. Şti.': 'Limited Şirketi' },
    branches: ['{city} Şubesi', 'Fabrika {n}'],
    cities: ['Bursa', 'Kocaeli', 'Gebze', 'Manisa', 'Kayseri', 'Konya'],
  },
];

/** Every legal form the generator writes in a canonical name, longest first (to strip a suffix). */
export const LEGAL_FORMS: readonly string[] = [...new Set(COUNTRIES.flatMap((c) => c.forms))].sort((a, b) => b.length - a.length);

/** Prefixes of LEI-issuing organisations (4 characters, as in ISO 17442). */
export const LEI_PREFIXES = ['5299', '5493', '2138', '9695', '8156', '7245', '3157', '9845', '2549', '6354'];
