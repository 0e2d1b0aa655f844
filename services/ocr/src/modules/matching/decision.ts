import { type MatchReason, type OcrDecision } from '@gradeline/contracts';
import { type ScoredCandidate } from './scoring';
import { type MatchThresholds } from './settings';

/** Why a copy got its decision (contracts: kept with the reading and shown to a person). */
export type { MatchReason };

export interface CopyVerdict {
  /** Every rule of AUTO holds for this copy on its own (the exam-wide checks come after). */
  autoEligible: boolean;
  reason: MatchReason;
}

/**
 * The per-copy rules of the issue. AUTO needs all of: best score ≥ autoMinScore, a margin to the
 * second ≥ autoMinMargin, the exact birth date, a name score ≥ autoMinNameScore, and a best
 * student without a homonym (same name and birth date) in the exam's classes.
 */
export function judgeCopy(ranked: ScoredCandidate[], thresholds: MatchThresholds, isHomonym: (studentId: string) => boolean): CopyVerdict {
  const [best, second] = ranked;
  if (!best) return { autoEligible: false, reason: 'no_candidate' };
  const failed = (reason: MatchReason): CopyVerdict => ({ autoEligible: false, reason });
  if (best.score < thresholds.autoMinScore) return failed('low_score');
  if (isHomonym(best.studentId)) return failed('homonym');
  if (best.birthDateScore !== 1) return failed('birth_date_not_exact');
  if ((best.nameScore ?? 0) < thresholds.autoMinNameScore) return failed('name_score_low');
  // Scores are rounded to 4 decimals, so a margin of exactly the threshold compares as intended.
  if (best.score - (second?.score ?? 0) < thresholds.autoMinMargin - 1e-9) return failed('small_margin');
  return { autoEligible: true, reason: 'auto' };
}

/** The decision for a copy that is not AUTO: candidates are worth showing from suggestMinScore. */
export function fallbackDecision(bestScore: number | null, thresholds: MatchThresholds): OcrDecision {
  return bestScore !== null && bestScore >= thresholds.suggestMinScore ? 'SUGGEST' : 'MANUAL';
}
