// What the journey reads of the API's answers (loosely, as a browser client would), and the
// anonymity check every corrector-facing answer must pass.
import { roster } from '../support/school';

export interface CopyView {
  id: string;
  status: string;
  studentId: string | null;
  sheetStudentId: string | null;
  identificationMethod: string | null;
  result: { total: string } | null;
}

export interface DeskCopy {
  copyId: string;
  reading: { decision: string } | null;
  candidates: { studentId: string }[];
}

/** No student identity: no roster id and no pupil's name anywhere in what a corrector receives. */
export function expectAnonymous(text: string, studentIds: ReadonlyMap<string, string>): void {
  expect(text).not.toMatch(/studentId/i);
  for (const s of roster) {
    expect(text.toLowerCase()).not.toContain(s.lastName.toLowerCase());
    expect(text).not.toContain(studentIds.get(s.lastName)!);
  }
}
