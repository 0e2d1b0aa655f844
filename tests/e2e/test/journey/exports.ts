// Step 9 of the journey: every graded copy rendered (the integrator hears of each), then the
// Pronote CSV and the ZIP a school downloads.
import { type Client } from '../support/client';
import { eventually } from '../support/eventually';
import { marks, pupil } from '../support/school';
import { runExport, upper } from '../support/steps';
import { type WebhookReceiver } from '../support/webhook-receiver';
import { readZip } from '../support/zip';

export async function exportEveryCopy(examId: string, owner: Client, copyOf: ReadonlyMap<string, string>, integrator: WebhookReceiver): Promise<void> {
  const rendered = await eventually('export.copy.rendered.v1 for every copy', async () => {
    const seen = integrator.deliveries().filter((d) => d.type === 'export.copy.rendered.v1');
    return new Set(seen.map((d) => d.envelope.data.copyId)).size === copyOf.size ? seen : null;
  }, { timeoutMs: 60_000, intervalMs: 500 });
  expect(rendered.every((d) => d.signed)).toBe(true);

  const pronote = await runExport(owner, examId, 'pronote_csv');
  expect(pronote.headers['content-type']).toContain('text/csv');
  expect(pronote.body.subarray(0, 3).toString('hex')).toBe('efbbbf');
  const lines = pronote.body.subarray(3).toString('utf8').split('\r\n');
  expect(lines.pop()).toBe(''); // CRLF after the last row too
  const row = (name: string, comment: string) => {
    const s = pupil(name);
    const [y, mo, d] = s.birthDate.split('-');
    return [upper(s.lastName), s.firstName, `${d}/${mo}/${y}`, 'MATHÉMATIQUES', marks[name]!.note, '1,0', comment].join(';');
  };
  expect(lines).toEqual([
    'NOM;PRENOM;DATE_NAISSANCE;MATIERE;NOTE;COEFF;COMMENTAIRE',
    row('Da Costa-Lefèvre', '"Très bien ; soignez la rédaction"'), // "=" stripped, quoted for its ";"
    row('Gâteau', marks['Gâteau']!.comment),
    row('Le Bris', marks['Le Bris']!.comment),
    row('Moreau', marks['Moreau']!.comment),
    row("N'Goma", marks["N'Goma"]!.comment),
  ]);

  const zip = await runExport(owner, examId, 'zip');
  const entries = readZip(zip.body);
  expect(entries.map((e) => e.name).sort()).toEqual([...copyOf.keys()].map((name) => `${upper(name)} ${pupil(name).firstName}.pdf`).sort());
  for (const e of entries) expect(e.data.subarray(0, 5).toString('latin1')).toBe('%PDF-');
}
