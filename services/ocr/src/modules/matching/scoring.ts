import { type Candidate, type HeaderFields } from '@gradeline/contracts';
import { jaroWinkler } from './jaro-winkler';
import { dateDigits, normaliseName } from './normalise';
import { type MatchWeights } from './settings';

/** A roster student as the matcher needs it. */
export interface MatchStudent {
  id: string;
  lastName: string;
  firstName: string;
  /** YYYY-MM-DD, or null when the roster has none. */
  birthDate: string | null;
}

/** A student prepared once per exam: normalised names and date digits. */
export interface PreparedStudent {
  id: string;
  lastName: string;
  firstName: string;
  birthDigits: string | null;
}

/** What was read, normalised; a field that was not read is null. */
export interface PreparedReading {
  lastName: string | null;
  firstName: string | null;
  birthDigits: string | null;
}

export interface ScoredCandidate extends Candidate {
  /** The name fields' weighted similarity (renormalised), null when no name was read. */
  nameScore: number | null;
}

export function prepareStudent(student: MatchStudent): PreparedStudent {
  return {
    id: student.id,
    lastName: normaliseName(student.lastName),
    firstName: normaliseName(student.firstName),
    birthDigits: student.birthDate ? dateDigits(student.birthDate) : null,
  };
}

export function prepareReading(fields: HeaderFields): PreparedReading {
  const name = (value: string | null) => (value && normaliseName(value).length > 0 ? normaliseName(value) : null);
  return { lastName: name(fields.lastName), firstName: name(fields.firstName), birthDigits: fields.birthDate ? dateDigits(fields.birthDate) : null };
}

// One misread digit is common (a 1 read as 7); two still point somewhere; more is another date.
const DIGIT_SCORES: Record<number, number> = { 8: 1, 7: 0.7, 6: 0.4 };

/** 1 for the exact date; partial credit by matching digits (DDMMYYYY, position by position). */
export function birthDateSimilarity(read: string, student: string): number {
  let same = 0;
  for (let i = 0; i < 8; i++) if (read[i] === student[i]) same++;
  return DIGIT_SCORES[same] ?? 0;
}

const similarity = (read: string | null, student: string | null) =>
  read !== null && student !== null && student.length > 0 ? jaroWinkler(read, student) : null;

// Four decimals: stable across runs (so unchanged candidates are not republished) and within 0..1.
const round = (value: number) => Math.min(1, Math.max(0, Math.round(value * 10_000) / 10_000));
const roundOrNull = (value: number | null) => (value === null ? null : round(value));

/** Weighted mean of the scores present (null ones are left out and the weights renormalised). */
function weighted(parts: Array<[score: number | null, weight: number]>): number | null {
  let sum = 0;
  let weights = 0;
  for (const [score, weight] of parts) {
    if (score === null) continue;
    sum += score * weight;
    weights += weight;
  }
  return weights > 0 ? sum / weights : null;
}

/** How well a reading matches one student: per field, and combined with the weights. */
export function scoreCandidate(reading: PreparedReading, student: PreparedStudent, weights: MatchWeights): ScoredCandidate {
  const lastNameScore = similarity(reading.lastName, student.lastName);
  const firstNameScore = similarity(reading.firstName, student.firstName);
  const birthDateScore =
    reading.birthDigits !== null && student.birthDigits !== null ? birthDateSimilarity(reading.birthDigits, student.birthDigits) : null;
  const nameScore = weighted([
    [lastNameScore, weights.lastName],
    [firstNameScore, weights.firstName],
  ]);
  const score = weighted([
    [birthDateScore, weights.birthDate],
    [lastNameScore, weights.lastName],
    [firstNameScore, weights.firstName],
  ]);
  return {
    studentId: student.id,
    score: round(score ?? 0),
    lastNameScore: roundOrNull(lastNameScore),
    firstNameScore: roundOrNull(firstNameScore),
    birthDateScore: roundOrNull(birthDateScore),
    nameScore: roundOrNull(nameScore),
  };
}

/** Candidates best first; ties broken by student id so a re-run gives the same order. */
export function rankCandidates(candidates: ScoredCandidate[]): ScoredCandidate[] {
  return [...candidates].sort((a, b) => b.score - a.score || (a.studentId < b.studentId ? -1 : 1));
}
