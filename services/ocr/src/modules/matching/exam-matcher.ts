import { type Candidate, type HeaderFields, type OcrDecision } from '@gradeline/contracts';
import { maxWeightAssignment } from './assignment';
import { fallbackDecision, judgeCopy, type MatchReason } from './decision';
import { prepareReading, prepareStudent, rankCandidates, scoreCandidate, type MatchStudent, type PreparedStudent, type ScoredCandidate } from './scoring';
import { type MatchSettings } from './settings';

export interface CopyToMatch {
  copyId: string;
  /** What was read; null when nothing could be read. */
  fields: HeaderFields | null;
  /** Students this copy must not be matched to (an automatic identification a person undid). */
  rejectedStudentIds: readonly string[];
}

export interface ExamMatchInput {
  /** The copies still open (not identified, not decided AUTO before). */
  copies: CopyToMatch[];
  /** Every student of the exam's classes, taken ones included (the homonym rule looks at all). */
  students: MatchStudent[];
  /** Students already identified on another copy of the exam: no longer candidates. */
  takenStudentIds: ReadonlySet<string>;
  settings: MatchSettings;
}

export interface CopyMatch {
  copyId: string;
  decision: OcrDecision;
  /** The student chosen when the decision is AUTO. */
  studentId: string | null;
  /** The best candidate's score (null without candidates). */
  confidence: number | null;
  /** Ranked, best first, at most 10, each with a score > 0. */
  candidates: Candidate[];
  reason: MatchReason;
}

export const MAX_CANDIDATES = 10;

const homonymKey = (s: PreparedStudent) => `${s.lastName}|${s.firstName}|${s.birthDigits ?? ''}`;

/**
 * Matches an exam's open copies against its roster as a whole. Each copy is scored against every
 * available student and judged on its own (judgeCopy); then an optimal assignment of copies to
 * students (maximum total of a steep function of the score) makes the choices consistent: a copy stays AUTO only when it is
 * assigned its own best student, and no other copy scores that student within the margin. So no
 * student is ever given to two copies, and a copy beaten to its student drops to SUGGEST.
 */
export function matchExam(input: ExamMatchInput): CopyMatch[] {
  const { thresholds, weights } = input.settings;
  const prepared = input.students.map(prepareStudent);
  const homonyms = new Map<string, number>();
  for (const s of prepared) homonyms.set(homonymKey(s), (homonyms.get(homonymKey(s)) ?? 0) + 1);
  const byId = new Map(prepared.map((s) => [s.id, s]));
  const isHomonym = (id: string) => (homonyms.get(homonymKey(byId.get(id)!)) ?? 0) > 1;
  const available = prepared.filter((s) => !input.takenStudentIds.has(s.id));
  const column = new Map(available.map((s, i) => [s.id, i]));

  const scored = input.copies.map((copy) => scoreCopy(copy, available, weights));
  const weightsMatrix = scored.map((ranked) => {
    const row = new Array<number>(available.length).fill(0);
    for (const c of ranked) if (c.score >= thresholds.suggestMinScore) row[column.get(c.studentId)!] = assignmentWeight(c.score);
    return row;
  });
  const assigned = maxWeightAssignment(weightsMatrix);
  const rivals = topTwoByStudent(scored);

  return input.copies.map((copy, i): CopyMatch => {
    const ranked = scored[i]!;
    const best = ranked[0];
    const candidates = ranked.slice(0, MAX_CANDIDATES).map(toCandidate);
    const result = (decision: OcrDecision, reason: MatchReason, studentId: string | null = null): CopyMatch => ({
      copyId: copy.copyId, decision, studentId, confidence: best?.score ?? null, candidates, reason,
    });
    if (!readSomething(copy.fields)) return result('MANUAL', 'nothing_read');
    if (!best) return result('MANUAL', 'no_candidate');
    const verdict = judgeCopy(ranked, thresholds, isHomonym);
    const fallback = fallbackDecision(best.score, thresholds);
    if (!verdict.autoEligible) return result(fallback, verdict.reason);
    if (assigned[i] !== column.get(best.studentId)) return result(fallback, 'assigned_elsewhere');
    const [first, second] = rivals.get(best.studentId) ?? [];
    const rival = (first?.copy === i ? second?.score : first?.score) ?? 0;
    if (best.score - rival < thresholds.autoMinMargin - 1e-9) return result(fallback, 'contested');
    return result('AUTO', 'auto', best.studentId);
  });
}

/**
 * What a pair is worth to the assignment. A plain sum of scores would let two middling claims
 * (0.77 + 0.71) outweigh one sure match (1.0 + nothing) and take a sure copy's student away;
 * an exponential makes a stronger match win over any number of weaker ones.
 */
const assignmentWeight = (score: number) => Math.exp(ASSIGNMENT_SHARPNESS * (score - 1));
const ASSIGNMENT_SHARPNESS = 20;

const readSomething = (fields: HeaderFields | null) => !!fields && (!!fields.lastName || !!fields.firstName || !!fields.birthDate);

/** For each student, the two copies that score them highest (to find a rival claim on a student). */
function topTwoByStudent(scored: ScoredCandidate[][]): Map<string, Array<{ copy: number; score: number }>> {
  const top = new Map<string, Array<{ copy: number; score: number }>>();
  scored.forEach((ranked, copy) => {
    for (const { studentId, score } of ranked) {
      const list = top.get(studentId) ?? [];
      list.push({ copy, score });
      list.sort((a, b) => b.score - a.score);
      top.set(studentId, list.slice(0, 2));
    }
  });
  return top;
}

function scoreCopy(copy: CopyToMatch, students: PreparedStudent[], weights: MatchSettings['weights']): ScoredCandidate[] {
  if (!copy.fields || !readSomething(copy.fields)) return [];
  const reading = prepareReading(copy.fields);
  if (reading.lastName === null && reading.firstName === null && reading.birthDigits === null) return [];
  const rejected = new Set(copy.rejectedStudentIds);
  const scored = students.filter((s) => !rejected.has(s.id)).map((s) => scoreCandidate(reading, s, weights));
  return rankCandidates(scored.filter((c) => c.score > 0));
}

const toCandidate = ({ studentId, score, lastNameScore, firstNameScore, birthDateScore }: ScoredCandidate): Candidate => ({
  studentId, score, lastNameScore, firstNameScore, birthDateScore,
});
