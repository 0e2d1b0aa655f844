// Steps 7 and 8 of the journey: the copies dispatched to two correctors, who see them anonymous,
// then score, annotate, comment and finalise each one.
import { type Client } from '../support/client';
import { eventually } from '../support/eventually';
import { marks } from '../support/school';
import { expectAnonymous, type CopyView } from './views';

export interface CorrectionScene {
  examId: string;
  /** The exam's owner, also one of its two correctors. */
  owner: Client;
  colleague: Client;
  ownerId: string;
  colleagueId: string;
  studentIds: ReadonlyMap<string, string>;
}

/** Starts grading and dispatches; answers each corrector's copy ids, after checking they see only theirs, anonymous. */
export async function dispatchAnonymously(scene: CorrectionScene, newDevice: () => Client): Promise<Map<Client, string[]>> {
  const { examId, owner, colleague, studentIds } = scene;
  expect((await owner.post(`/exams/${examId}/grading`)).json.status).toBe('grading');
  const run = await owner.post(`/exams/${examId}/dispatch`);
  expect(run.status).toBe(201);
  const byCorrector = (id: string) => (run.json.assignments as { copyId: string; correctorId: string }[]).filter((a) => a.correctorId === id).map((a) => a.copyId);
  const assigned = new Map<Client, string[]>([
    [owner, byCorrector(scene.ownerId)],
    [colleague, byCorrector(scene.colleagueId)],
  ]);
  expect([assigned.get(owner)!.length, assigned.get(colleague)!.length].sort()).toEqual([2, 3]);

  for (const [corrector, ids] of assigned) {
    const mine = await eventually('the corrector to see their copies', async () => {
      const res = await corrector.get(`/copies/assigned?examId=${examId}`);
      return res.json.total === ids.length ? res : null;
    });
    expect(mine.json.items.map((c: { id: string }) => c.id).sort()).toEqual([...ids].sort());
    const grading = await eventually('grading to know the assignment', async () => {
      const res = await corrector.get(`/grading/copies?examId=${examId}`);
      return res.json.total === ids.length ? res : null;
    });
    for (const text of [mine.text, grading.text]) expectAnonymous(text, studentIds);
  }
  const [theirs] = assigned.get(colleague)!;
  const [notTheirs] = assigned.get(owner)!;
  const doc = await eventually('the copy to be gradable', async () => {
    const res = await colleague.get(`/copies/${theirs}/grading`);
    return res.status === 200 ? res : null;
  });
  expectAnonymous(doc.text, studentIds);
  expect((await colleague.get(`/copies/${notTheirs}/grading`)).status).toBe(404);
  expect((await colleague.get(`/exams/${examId}/copies`)).text).not.toContain('studentId');

  const page = await colleague.get(`/copies/${theirs}/pages/1`);
  expect(page.json.masked).toBe(true);
  const image = await newDevice().get(page.json.url);
  expect([image.status, image.headers['content-type']]).toEqual([200, 'image/jpeg']);
  expect(image.body.subarray(0, 2).toString('hex')).toBe('ffd8');
  return assigned;
}

export interface Leaves {
  q1a: string;
  q1b: string;
  q2: string;
}

/**
 * Each corrector grades each of their copies as the school's marks say (support/school.ts), with
 * If-Match throughout (one stale write refused on the way), then finalises it; the exam then sees
 * every copy graded with the right total.
 */
export async function gradeEveryCopy(
  scene: CorrectionScene,
  work: { assigned: ReadonlyMap<Client, string[]>; copyOf: ReadonlyMap<string, string>; leaves: Leaves },
): Promise<void> {
  const { examId, owner, studentIds } = scene;
  const { assigned, copyOf, leaves } = work;
  const nameOf = new Map([...copyOf].map(([name, id]) => [id, name]));
  for (const [corrector, ids] of assigned) {
    for (const copyId of ids) {
      const m = marks[nameOf.get(copyId)!]!;
      let version = (await corrector.get(`/copies/${copyId}/grading`)).headers.etag!;
      const [q1a, q1b, q2] = m.points;
      const first = await corrector.put(`/copies/${copyId}/grading/scores/${leaves.q1a}`, q1a === null ? { points: null, notAnswered: true } : { points: q1a }, { ifMatch: version });
      expect(first.status).toBe(200);
      const stale = await corrector.put(`/copies/${copyId}/grading/comment`, { comment: m.comment }, { ifMatch: version });
      expect([stale.status, stale.json.code, stale.json.currentVersion]).toEqual([409, 'version_conflict', first.json.version]);
      version = String(first.json.version);
      const rest = await corrector.patch(`/copies/${copyId}/grading/scores`, { scores: [{ nodeId: leaves.q1b, points: q1b }, { nodeId: leaves.q2, points: q2, remark: 'Démarche claire' }] }, { ifMatch: version });
      expect(rest.status).toBe(200);
      const tick = await corrector.post(`/copies/${copyId}/annotations`, { kind: 'tick', page: 0, x: 0.62, y: 0.41, nodeId: leaves.q1b });
      const note = await corrector.post(`/copies/${copyId}/annotations`, { kind: 'comment', page: 1, x: 0.1, y: 0.55, text: 'Attention aux unités ; relisez-vous', nodeId: leaves.q2, pointsDelta: '-0.25' });
      expect([tick.status, note.status]).toEqual([201, 201]);
      const commented = await corrector.put(`/copies/${copyId}/grading/comment`, { comment: m.comment }, { ifMatch: rest.json.version });
      expect(commented.status).toBe(200);
      const finalised = await corrector.post(`/copies/${copyId}/finalize`, undefined, { ifMatch: commented.json.version });
      expect([finalised.status, finalised.json.total, finalised.json.maxTotal]).toEqual([200, m.total, '15']);
    }
  }
  const graded = await eventually('the exam to see every copy graded', async () => {
    const list = (await owner.get(`/exams/${examId}/copies`)).json.items as CopyView[];
    return list.every((c) => c.status === 'GRADED') ? list : null;
  });
  const nameOfStudent = (id: string) => [...studentIds].find(([, sid]) => sid === id)![0];
  for (const c of graded) expect(c.result?.total).toBe(marks[nameOfStudent(c.studentId!)]!.total);
}
