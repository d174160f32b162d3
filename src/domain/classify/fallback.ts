/**
 * The optional second opinion for lines the local classifier is unsure of: a `ClassificationFallback`
 * (for example the LLM gateway, wired by whoever builds the app) is asked about each line below the
 * confidence threshold, and its answer is used only when its code is in the NAICS list; otherwise
 * the local answer stands and the rejection is reported. The local classifier never waits on it.
 */
import { naicsIndustry, naicsSector } from './naics.ts';
import type { SpendClassifier } from './spend-classifier.ts';
import type { ClassifierId, SpendClassification, SpendLine } from './types.ts';

/** What a fallback answers for one line. */
export interface Candidate {
  /** NAICS 2017 six-digit code; checked against the list. */
  naics: string;
  /** 0–1, the fallback's own. */
  confidence: number;
  /** Who answered (e.g. `llm:gpt-4o-mini` and the prompt's version), recorded on the result. */
  classifier: ClassifierId;
  /** A short reason, kept as evidence. */
  rationale?: string;
}

/** Asks another classifier about one line; null when it has no answer. */
export type ClassificationFallback = (line: SpendLine) => Promise<Candidate | null>;

export interface FallbackOptions {
  fallback: ClassificationFallback;
  /** Lines whose local confidence is below this are asked about (default 0.4). */
  threshold?: number;
  /** Fallback calls at once (default 4). */
  concurrency?: number;
}

export interface FallbackOutcome {
  results: SpendClassification[];
  /** Lines the fallback was asked about, answered with a listed code, or answered with a code not in the list. */
  asked: number;
  accepted: number;
  rejected: Array<{ index: number; naics: string }>;
  /** Lines whose fallback call failed (the local answer stands). */
  failed: number;
}

export const DEFAULT_FALLBACK_THRESHOLD = 0.4;

/** Classifies locally, then asks the fallback about the unsure lines; only listed codes replace local answers. */
export function classifyWithFallback(classifier: SpendClassifier, lines: readonly SpendLine[], options: FallbackOptions): Promise<FallbackOutcome> {
  return askFallback(
    lines.map((line) => classifier.classify(line)),
    lines,
    options,
  );
}

/** The local answers `local` (one per line, in order), with the fallback's where a local one is below the threshold. */
export async function askFallback(local: readonly SpendClassification[], lines: readonly SpendLine[], options: FallbackOptions): Promise<FallbackOutcome> {
  const threshold = options.threshold ?? DEFAULT_FALLBACK_THRESHOLD;
  const results = [...local];
  const unsure = results.flatMap((r, index) => (r.confidence < threshold ? [index] : []));
  const outcome: FallbackOutcome = { results, asked: unsure.length, accepted: 0, rejected: [], failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < unsure.length) {
      const index = unsure[next++]!;
      let candidate: Candidate | null;
      try {
        candidate = await options.fallback(lines[index]!);
      } catch {
        outcome.failed++;
        continue;
      }
      if (!candidate) continue;
      const industry = /^\d{6}$/.test(candidate.naics) ? naicsIndustry(candidate.naics) : undefined;
      if (!industry) {
        outcome.rejected.push({ index, naics: String(candidate.naics) });
        continue;
      }
      outcome.accepted++;
      const local = results[index]!;
      results[index] = {
        naics: industry.code,
        industry: industry.title,
        naics4: industry.code.slice(0, 4),
        naics2: industry.code.slice(0, 2),
        sector: naicsSector(industry.code) ?? null,
        confidence: Math.max(0, Math.min(1, candidate.confidence)),
        evidence: candidate.rationale ? [{ term: '', field: 'description', source: 'fallback', matched: candidate.rationale, weight: 0 }] : [],
        alternatives: local.naics && local.naics !== industry.code ? [{ naics: local.naics, industry: local.industry! }] : [],
        classifier: candidate.classifier,
      };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  outcome.rejected.sort((a, b) => a.index - b.index);
  return outcome;
}
