/**
 * Accuracy of a classifier against labelled lines: the share of lines whose answer agrees with the
 * label at NAICS-6, -4 and -2 (the two-digit prefix) and at the sector (31–33 one sector), and the
 * most common wrong pairs of sectors.
 */
import { naicsSectorKey } from './naics.ts';
import type { SpendClassification } from './types.ts';

export interface LabelledAnswer {
  /** The expected NAICS-6. */
  label: string;
  answer: Pick<SpendClassification, 'naics' | 'confidence'>;
}

export interface ConfusionPair {
  expected: string;
  answered: string;
  lines: number;
}

export interface Accuracy {
  lines: number;
  /** Lines the classifier left without a code (counted as wrong at every level). */
  unclassified: number;
  naics6: number;
  naics4: number;
  naics2: number;
  sector: number;
  /** Wrong answers by expected → answered sector, most common first. */
  sectorConfusions: ConfusionPair[];
  /** Wrong answers by expected → answered two-digit prefix, most common first. */
  naics2Confusions: ConfusionPair[];
  /** Accuracy at NAICS-6 by confidence band [from, to). */
  byConfidence: Array<{ from: number; to: number; lines: number; naics6: number; naics2: number }>;
}

const BANDS = [0, 0.2, 0.4, 0.6, 0.8, 1.01];

export function measureAccuracy(answers: readonly LabelledAnswer[]): Accuracy {
  let n6 = 0;
  let n4 = 0;
  let n2 = 0;
  let nSector = 0;
  let unclassified = 0;
  const sectorPairs = new Map<string, number>();
  const prefixPairs = new Map<string, number>();
  const bands = BANDS.slice(0, -1).map((from, i) => ({ from, to: Math.min(1, BANDS[i + 1]!), lines: 0, right6: 0, right2: 0 }));
  for (const { label, answer } of answers) {
    const code = answer.naics;
    const band = bands.find((b, i) => answer.confidence >= b.from && answer.confidence < BANDS[i + 1]!)!;
    band.lines++;
    if (code === null) {
      unclassified++;
      continue;
    }
    if (code === label) {
      n6++;
      band.right6++;
    }
    if (code.slice(0, 4) === label.slice(0, 4)) n4++;
    if (code.slice(0, 2) === label.slice(0, 2)) {
      n2++;
      band.right2++;
    } else count(prefixPairs, `${label.slice(0, 2)}\u0000${code.slice(0, 2)}`);
    const expectedSector = naicsSectorKey(label);
    const answeredSector = naicsSectorKey(code);
    if (expectedSector === answeredSector) nSector++;
    else count(sectorPairs, `${expectedSector}\u0000${answeredSector}`);
  }
  const total = answers.length;
  const share = (k: number) => (total === 0 ? 0 : k / total);
  return {
    lines: total,
    unclassified,
    naics6: share(n6),
    naics4: share(n4),
    naics2: share(n2),
    sector: share(nSector),
    sectorConfusions: pairs(sectorPairs),
    naics2Confusions: pairs(prefixPairs),
    byConfidence: bands.map((b) => ({
      from: b.from,
      to: b.to,
      lines: b.lines,
      naics6: b.lines === 0 ? 0 : b.right6 / b.lines,
      naics2: b.lines === 0 ? 0 : b.right2 / b.lines,
    })),
  };
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function pairs(map: Map<string, number>): ConfusionPair[] {
  return [...map]
    .map(([key, lines]) => {
      const [expected, answered] = key.split('\u0000') as [string, string];
      return { expected, answered, lines };
    })
    .sort((a, b) => b.lines - a.lines || a.expected.localeCompare(b.expected) || a.answered.localeCompare(b.answered));
}
