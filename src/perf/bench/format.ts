/** Number formatting and plain/markdown tables shared by the comparison and history reports. */

const DURATION_UNITS: [string, number][] = [
  ['s', 1000],
  ['ms', 1],
  ['µs', 1e-3],
  ['ns', 1e-6],
];

/** A duration given in ms, in the unit that keeps it readable: 812 ns, 12.4 µs, 3.05 s. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  const [unit, scale] = DURATION_UNITS.find(([, size]) => Math.abs(ms) >= size) ?? DURATION_UNITS.at(-1)!;
  return `${threeSignificant(ms / scale)} ${unit}`;
}

export function formatRatio(ratio: number | undefined): string {
  return ratio === undefined || !Number.isFinite(ratio) ? '–' : `${ratio.toFixed(3)}×`;
}

export function formatChange(change: number | undefined): string {
  if (change === undefined || !Number.isFinite(change)) return '–';
  return `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`;
}

export function formatPValue(p: number | undefined): string {
  if (p === undefined || !Number.isFinite(p)) return '–';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

export function formatOps(ops: number): string {
  return Number.isFinite(ops) ? Math.round(ops).toLocaleString('en-US') : '–';
}

export function formatBytes(bytes: number): string {
  const kib = bytes / 1024;
  return Math.abs(kib) >= 1024 ? `${(kib / 1024).toFixed(1)} MiB` : `${kib.toFixed(1)} KiB`;
}

function threeSignificant(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

/** Columns padded to their widest cell; numbers read best right-aligned. */
export function renderTextTable(header: string[], rows: string[][], rightAligned: number[] = []): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (rightAligned.includes(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

export function renderMarkdownTable(header: string[], rows: string[][], rightAligned: number[] = []): string {
  const escapeCell = (cell: string) => cell.replaceAll('|', '\\|');
  const line = (cells: string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  const rule = header.map((_, column) => (rightAligned.includes(column) ? '---:' : '---'));
  return [line(header), `|${rule.map((cell) => ` ${cell} `).join('|')}|`, ...rows.map(line)].join('\n');
}
