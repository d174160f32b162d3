import { describe, expect, it } from 'vitest';
import { annualDeadlines, quarterlyReportDue } from '../../../src/domain/cbam/deadlines.ts';

describe('quarterly reports (transitional period)', () => {
  it('are due the last day of the month after the quarter, 2023-Q4 to 2025-Q4', () => {
    expect(quarterlyReportDue(2023, 4)).toBe('2024-01-31');
    expect(quarterlyReportDue(2024, 1)).toBe('2024-04-30');
    expect(quarterlyReportDue(2024, 2)).toBe('2024-07-31');
    expect(quarterlyReportDue(2024, 3)).toBe('2024-10-31');
    expect(quarterlyReportDue(2025, 4)).toBe('2026-01-31');
  });

  it('do not exist outside it', () => {
    expect(quarterlyReportDue(2023, 3)).toBeNull();
    expect(quarterlyReportDue(2026, 1)).toBeNull();
    expect(quarterlyReportDue(2024, 5)).toBeNull();
  });
});

describe('annual declaration and surrender (definitive period)', () => {
  it('30 September of the next year; quarterly holding of 50% from 2027', () => {
    expect(annualDeadlines(2026)).toMatchObject({ declaration_due: '2027-09-30', surrender_due: '2027-09-30', quarterly_holding: null });
    expect(annualDeadlines(2027).quarterly_holding).toEqual({ pct: 50, at: ['2027-03-31', '2027-06-30', '2027-09-30', '2027-12-31'] });
    expect(annualDeadlines(2027).sources).toHaveLength(2);
  });

  it('none before 2026', () => {
    expect(annualDeadlines(2025)).toMatchObject({ declaration_due: null, surrender_due: null, quarterly_holding: null });
  });
});
