// Step 6 of the journey: every copy matched to its pupil, by QR code, by OCR, and at the desk.
import { type Client } from '../support/client';
import { eventually } from '../support/eventually';
import { pupil } from '../support/school';
import { fold } from '../support/steps';
import { type CopyView, type DeskCopy } from './views';

export interface IdentificationScene {
  owner: Client;
  examId: string;
  stackBatchId: string;
  /** The plain stack's pupils in scan order (last names); the one without a name is N'Goma. */
  stackOrder: readonly string[];
  studentIds: ReadonlyMap<string, string>;
}

/**
 * OCR reads every header; what it is sure of is identified on its own, the rest waits at the desk,
 * where the teacher picks the pupil (among OCR's candidates, or by a search typed without accents).
 * Answers each pupil's copy id, by last name.
 */
export async function identifyEveryCopy(scene: IdentificationScene): Promise<Map<string, string>> {
  const { owner, examId, studentIds } = scene;
  const expected = new Map<string, string>(); // copy id -> the last name of who wrote it
  const assembled = (await owner.get(`/batches/${scene.stackBatchId}/copies`)).json.items as { id: string; ordinal: number }[];
  for (const c of assembled) expected.set(c.id, scene.stackOrder[c.ordinal - 1]!);

  let seen = '';
  const { copies, desk } = await eventually(
    'every header to be read',
    async () => {
      const list = (await owner.get(`/exams/${examId}/copies`)).json.items as CopyView[];
      const deskNow = (await owner.get(`/exams/${examId}/identification`)).json.items as DeskCopy[];
      const read = (c: CopyView) => c.studentId !== null || deskNow.some((d) => d.copyId === c.id && d.reading !== null);
      seen = `${list.filter(read).length} of ${list.length} copies read`;
      return list.length === 5 && list.every(read) ? { copies: list, desk: deskNow } : null;
    },
    { timeoutMs: 90_000, intervalMs: 500, explain: () => seen },
  );
  const qr = copies.find((c) => c.sheetStudentId !== null)!;
  expect(qr).toMatchObject({ sheetStudentId: studentIds.get('Moreau'), studentId: studentIds.get('Moreau'), identificationMethod: 'qr', status: 'READY' });
  expected.set(qr.id, 'Moreau');
  for (const c of copies.filter((c) => c.identificationMethod === 'auto')) expect(c.studentId).toBe(studentIds.get(expected.get(c.id)!));
  // The printed headers are clean enough for OCR to be sure of some (92% of such copies in its benchmark).
  expect(copies.filter((c) => c.identificationMethod === 'auto').length).toBeGreaterThan(0);

  // Nothing to read on N'Goma's copy: it waits at the desk whatever OCR made of the empty boxes.
  expect(desk.map((d) => expected.get(d.copyId))).toContain("N'Goma");
  for (const item of desk) {
    const name = expected.get(item.copyId)!;
    let studentId = item.candidates.find((c) => c.studentId === studentIds.get(name))?.studentId;
    if (!studentId) {
      // Not among OCR's candidates: the secretary looks the pupil up, typing without accents.
      const found = await owner.get(`/exams/${examId}/roster?search=${encodeURIComponent(fold(`${name} ${pupil(name).firstName}`))}`);
      studentId = found.json.items[0]?.studentId;
    }
    const identified = await owner.post(`/copies/${item.copyId}/identify`, { studentId });
    expect([name, identified.status, identified.json.status]).toEqual([name, 200, 'READY']);
  }
  return new Map([...expected].map(([copyId, name]) => [name, copyId]));
}
