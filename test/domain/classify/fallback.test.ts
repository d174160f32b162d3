/** The fallback for unsure lines: asked only below the threshold, its answer used only when the code is in the NAICS list. */
import { describe, expect, it } from 'vitest';
import { type Candidate, classifyWithFallback } from '../../../src/domain/classify/fallback.ts';
import { spendClassifier } from '../../../src/domain/classify/spend-classifier.ts';
import type { SpendLine } from '../../../src/domain/classify/types.ts';

const llm = { name: 'llm:test-model', version: 'prompt-1' };

describe('classifyWithFallback', () => {
  it('asks about unsure lines only, accepts listed codes, rejects the others and keeps the local answer', async () => {
    const asked: string[] = [];
    const answers: Record<string, Candidate | null> = {
      'xyz unknown thing': { naics: '541611', confidence: 0.7, classifier: llm, rationale: 'consulting' },
      'qqq other unknown': { naics: '999999', confidence: 0.9, classifier: llm },
      'zzz nothing': null,
    };
    const lines: SpendLine[] = [{ description: 'steel coil 2mm S235' }, ...Object.keys(answers).map((description) => ({ description }))];
    const outcome = await classifyWithFallback(spendClassifier(), lines, {
      fallback: async (line) => {
        asked.push(line.description);
        return answers[line.description] ?? null;
      },
      threshold: 0.4,
    });
    expect(asked.sort()).toEqual(Object.keys(answers).sort());
    expect(outcome).toMatchObject({ asked: 3, accepted: 1, rejected: [{ index: 2, naics: '999999' }], failed: 0 });
    expect(outcome.results[0]!.classifier.name).toBe('greenline-keyword-bm25');
    expect(outcome.results[1]).toMatchObject({
      naics: '541611',
      sector: 'Professional, Scientific, and Technical Services',
      confidence: 0.7,
      classifier: llm,
      evidence: [{ source: 'fallback', matched: 'consulting' }],
    });
    expect(outcome.results[2]!.naics).toBeNull();
  });

  it('a failing fallback leaves the local answers and is counted', async () => {
    const outcome = await classifyWithFallback(spendClassifier(), [{ description: 'xyz' }], {
      fallback: async () => {
        throw new Error('gateway down');
      },
    });
    expect(outcome).toMatchObject({ asked: 1, accepted: 0, failed: 1 });
    expect(outcome.results[0]!.naics).toBeNull();
  });
});
