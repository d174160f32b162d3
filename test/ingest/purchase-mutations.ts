/**
 * Seeded mutations of valid purchase files, for the fast-path differential test: short and long
 * rows, quotes, CR/LF line ends, BOM, NUL, invalid UTF-8, huge fields, numbers, dates and codes in
 * odd forms, extra mapped columns, broken NDJSON. Each case is replayable from its seed.
 */
import { generateRows } from '../../src/ingest/generate.ts';
import type { Random } from '../support/random.ts';

const pick = <T>(rand: Random, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const ODD_NUMBERS = [
  '1e3',
  '+5',
  '.5',
  '5.',
  '0x10',
  '1_000',
  ' 12 ',
  '-3',
  '0',
  'NaN',
  'Infinity',
  '1e400',
  '00012',
  '12.50',
  '1.0',
  '123456789012345678',
  '0.1e-2',
  '-0',
  '1e-320',
  '7E2',
  '',
  ' ',
];
const ODD_DATES = [
  '2024-02-30',
  '2024-2-3',
  '24-01-01',
  '0999-01-01',
  '2024-12-31T00:00',
  '2023-02-29',
  '2024-02-29',
  '9999-12-31',
  '',
  ' 2024-05-01 ',
  '2024-13-01',
  'yesterday',
];
const ODD_CURRENCIES = ['usd', 'EUR', 'XXX', '', 'JPY', 'GBP ', 'CHF', 'US$'];
const ODD_NAICS = ['12345', '541618 ', '', '999999', '54161A', '541618', '1234567'];
const ODD_SECTORS = ['average', 'bogus', '', 'services', 'Manufacturing'];
const ODD_TEXT = ['PO\t7', 'back\\slash', 'Grüße', '😀 emoji', 'a'.repeat(201), 'x'.repeat(200), '"', 'comma, inside', ' padded ', 'line\nbreak', 'cr\rinside'];

/** Suppliers the differential test registers in both tenants, so names in the files resolve. */
export const DIFFERENTIAL_SUPPLIERS = [
  { name: 'Thyssenkrupp Steel Europe AG', country: 'DE', duns: '315000001' },
  { name: 'ThyssenKrupp Materials Services GmbH', country: 'DE' },
  { name: 'Applied Materials Inc', country: 'US' },
  { name: 'Acme Fasteners Ltd', country: 'GB' },
] as const;

/** Ledger names of them: exact, fuzzy, by DUNS, to review, unknown, blank, too long; [name, country, duns]. */
const SUPPLIER_MENTIONS: ReadonlyArray<[string, string, string]> = [
  ['THYSSENKRUPP STEEL EUROPE', 'DE', ''],
  ['thyssenkrupp Steel Eur.', 'DE', ''],
  ['TK Stahl', '', '315-000-001'],
  ['Thyssenkrupp Materials', 'DE', ''],
  ['applied materials inc.', 'us', ''],
  ['Acme Fastners', 'GB', ''],
  ['Zeta Widgets Ltd', '', ''],
  ['', '', ''],
  ['', 'DE', ''],
  ['Acme Fasteners Ltd', 'G1', ''],
  ['n'.repeat(301), '', ''],
];

/** A CSV cell as written: quoted when it must be (or at random), quotes doubled. */
function csvCell(rand: Random, text: string): string {
  const must = /[",\r\n]/.test(text);
  return must || rand() < 0.05 ? `"${text.replaceAll('"', '""')}"` : text;
}

export interface MutatedFile {
  bytes: Buffer;
  /** What was done to it, for the failure message. */
  mutations: string[];
}

/** A purchases CSV of `rows` generated rows with some of them mutated. */
export function mutatedPurchasesCsv(rand: Random, rows: number, seed: number): MutatedFile {
  const text = [...generateRows({ type: 'purchases', rows, seed })].join('');
  const lines = text.split('\n').filter((l) => l !== '');
  let header = lines.shift()!;
  const mutations: string[] = [];
  const extraColumn = rand() < 0.2;
  if (extraColumn) {
    // A mapped column that is not plain when filled (supplier_id), or an ignored one.
    header += rand() < 0.5 ? ',supplier_id' : ',notes';
    mutations.push(`extra column ${header.split(',').at(-1)}`);
  }
  // Supplier names resolved per chunk (a supplier_id column beside them, at times).
  const supplierColumns = rand() < 0.3;
  if (supplierColumns) {
    header += ',supplier_name,supplier_country,supplier_duns';
    mutations.push('supplier name columns');
  }
  const body: Buffer[] = [];
  const eol = () => (rand() < 0.1 ? '\r\n' : '\n');
  for (const line of lines) {
    let cells = line.split(',');
    if (extraColumn) cells.push(rand() < 0.8 ? '' : pick(rand, ['sup_unknown', 'note with text']));
    if (supplierColumns) cells.push(...(rand() < 0.3 ? ['', '', ''] : pick(rand, SUPPLIER_MENTIONS)));
    let raw: Buffer | null = null;
    if (rand() < 0.25) {
      const kind = Math.floor(rand() * 14);
      const col = Math.floor(rand() * cells.length);
      switch (kind) {
        case 0:
          cells = cells.slice(0, 1 + Math.floor(rand() * (cells.length - 1)));
          mutations.push('short row');
          break;
        case 1:
          cells.push(pick(rand, ['', 'x', '12']));
          mutations.push('long row');
          break;
        case 2:
          cells[2] = pick(rand, ODD_NUMBERS);
          mutations.push(`spend ${JSON.stringify(cells[2])}`);
          break;
        case 3:
          cells[0] = pick(rand, ODD_DATES);
          mutations.push(`date ${JSON.stringify(cells[0])}`);
          break;
        case 4:
          cells[3] = pick(rand, ODD_CURRENCIES);
          cells[4] = pick(rand, ODD_NAICS);
          cells[5] = pick(rand, ODD_SECTORS);
          mutations.push(`codes ${cells.slice(3, 6).join('|')}`);
          break;
        case 5:
          cells[1] = pick(rand, ODD_TEXT);
          mutations.push(`external id ${JSON.stringify(cells[1].slice(0, 20))}`);
          break;
        case 6:
          cells[col] = `${cells[col]!.slice(0, 1)}\u0000${cells[col]!.slice(1)}`;
          mutations.push(`NUL in column ${col}`);
          break;
        case 7: {
          // Invalid UTF-8: a lone continuation byte, a truncated sequence, an overlong, a surrogate.
          const bad = pick(rand, [[0x80], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff]]);
          const csv = cells.map((c) => csvCell(rand, c));
          const before = Buffer.from(`${csv.slice(0, col).join(',')}${col > 0 ? ',' : ''}`);
          raw = Buffer.concat([before, Buffer.from(bad), Buffer.from(`${csv.slice(col).join(',')}${eol()}`)]);
          mutations.push(`invalid UTF-8 ${bad.map((b) => b.toString(16)).join(' ')} in column ${col}`);
          break;
        }
        case 8:
          cells[1] = 'h'.repeat(rand() < 0.5 ? 5_000 : 1_100_000);
          mutations.push(`huge field ${cells[1].length}`);
          break;
        case 9:
          raw = Buffer.from(`${cells.join(',')},"unterminated${eol()}`);
          mutations.push('unterminated quote');
          break;
        case 10:
          raw = Buffer.from(eol());
          mutations.push('blank line');
          break;
        case 11:
          cells = cells.map((c) => `"${c.replaceAll('"', '""')}"`);
          mutations.push('every cell quoted');
          break;
        case 12:
          cells[col] = ` ${cells[col]} `;
          mutations.push(`spaces around column ${col}`);
          break;
        default:
          raw = Buffer.from(`${cells.join(',')}"x${eol()}`);
          mutations.push('stray quote');
      }
    }
    body.push(raw ?? Buffer.from(`${cells.map((c) => csvCell(rand, c)).join(',')}${eol()}`));
  }
  const bom = rand() < 0.1;
  if (bom) mutations.push('BOM');
  const head = Buffer.from(`${bom ? '\ufeff' : ''}${header}${eol()}`);
  return { bytes: Buffer.concat([head, ...body]), mutations };
}

/** A purchases NDJSON file with some lines mutated. */
export function mutatedPurchasesNdjson(rand: Random, rows: number, seed: number): MutatedFile {
  const text = [...generateRows({ type: 'purchases', rows, seed, format: 'ndjson' })].join('');
  const mutations: string[] = [];
  const out = text
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => {
      if (rand() >= 0.25) return line;
      const o = JSON.parse(line) as Record<string, unknown>;
      switch (Math.floor(rand() * 10)) {
        case 8: {
          const [name, country, duns] = pick(rand, SUPPLIER_MENTIONS);
          mutations.push(`supplier ${JSON.stringify(name.slice(0, 30))}`);
          return JSON.stringify({
            ...o,
            supplier_name: rand() < 0.1 ? 7 : name,
            ...(country ? { supplier_country: country } : {}),
            ...(duns ? { supplier_duns: duns } : {}),
          });
        }
        case 0:
          mutations.push('deep nesting');
          return `{"date":"2024-01-01","spend":5,"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
        case 1:
          mutations.push('NUL escape');
          return JSON.stringify({ ...o, external_id: 'a\u0000b' });
        case 2:
          mutations.push('lone surrogate escape');
          return line.replace(/}$/, ',"external_id":"\\ud800"}');
        case 3:
          mutations.push('spend as text');
          return JSON.stringify({ ...o, spend: String(o.spend) });
        case 4:
          mutations.push('not an object');
          return pick(rand, ['[1,2]', '42', '"text"', 'null']);
        case 5:
          mutations.push('broken JSON');
          return line.slice(0, -1);
        case 6:
          mutations.push('extra field');
          return JSON.stringify({ ...o, product: 'steel' });
        case 7:
          mutations.push('odd spend');
          return JSON.stringify({ ...o, spend: pick(rand, [0, -1, 1e300, 0.1 + 0.2, 12.5]) });
        default:
          mutations.push('category given');
          return JSON.stringify({ ...o, category: pick(rand, [1, 2]) });
      }
    });
  return { bytes: Buffer.from(`${out.join('\n')}\n`), mutations };
}

/**
 * The bytes in pieces cut at random places (CR and LF, multi-byte characters split). A file with a
 * huge field gets bigger pieces: the reader parses a pending record again with each piece.
 */
export function randomPieces(rand: Random, bytes: Buffer): Buffer[] {
  const pieces: Buffer[] = [];
  const big = Math.max(4096, bytes.length >> 4);
  let at = 0;
  while (at < bytes.length) {
    const n = 1 + Math.floor(rand() * (rand() < 0.3 ? 16 : big));
    pieces.push(bytes.subarray(at, at + n));
    at += n;
  }
  return pieces;
}
