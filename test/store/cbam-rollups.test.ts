import { describe, expect, it } from 'vitest';
import { timesThousand } from '../../src/store/cbam-rollups.ts';

describe('timesThousand: tonnes to kg on the exact decimal', () => {
  it.each([
    ['0', '0'],
    ['1', '1000'],
    ['-1.5', '-1500'],
    ['0.000123', '0.123'],
    ['12.3456789', '12345.6789'],
    ['0.5', '500'],
    ['-0.0001', '-0.1'],
    ['123', '123000'],
  ])('%s t → %s kg', (t, kg) => expect(timesThousand(t)).toBe(kg));
});
