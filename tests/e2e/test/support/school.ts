import { generateRoster, rosterToCsv, type RosterStudent } from '@gradeline/testing';

// The synthetic school of the journey: one class, its Pronote roster, an exam's marking scheme and
// the marks its correctors give. Everything is generated; no real pupil is involved.

/** Six pupils of 5A: compound surnames (Da Costa-Lefèvre, Le Bris, N'Goma), accents (Gâteau, Zaïna). */
export const roster: RosterStudent[] = generateRoster({ count: 6, classes: ['5A'], seed: 1, homonyms: 0, nearHomonyms: 0 });

export const pupil = (lastName: string): RosterStudent => roster.find((s) => s.lastName === lastName)!;

/** What Pronote exports on a French Windows machine: `;`, Windows-1252, CRLF, "NOM Prénom". */
export const rosterFile = rosterToCsv(roster, { format: 'pronote', delimiter: ';', encoding: 'windows-1252', eol: '\r\n' });

/** The scheme as a teacher enters it: two exercises, 15 points in all, half and quarter points. */
export const scheme = {
  exercise1: '6f8a3c1e-1b1d-4c53-9a53-1c1ad6f0e001',
  exercise2: '6f8a3c1e-1b1d-4c53-9a53-1c1ad6f0e002',
  nodes(): unknown[] {
    return [
      { id: this.exercise1, parentId: null, label: 'Exercice 1 — Fractions' },
      { parentId: this.exercise1, label: '1a', maxPoints: '2', step: '0.5' },
      { parentId: this.exercise1, label: '1b', maxPoints: '3', step: '0.5' },
      { id: this.exercise2, parentId: null, label: 'Exercice 2 — Problème' },
      { parentId: this.exercise2, label: '2', maxPoints: '10', step: '0.25' },
    ];
  },
};

export interface Marks {
  /** Points for 1a, 1b and 2; null = not answered. */
  points: [string | null, string, string];
  comment: string;
  /** The total over 15, and the mark over 20 as Pronote receives it (exact, rounded half up). */
  total: string;
  note: string;
}

/** What each pupil's copy is worth; the comments carry accents, a `;` and a leading "=" (a formula to a spreadsheet). */
export const marks: Record<string, Marks> = {
  'Da Costa-Lefèvre': { points: ['1.5', '2.5', '7.25'], comment: '=Très bien ; soignez la rédaction', total: '11.25', note: '15,00' },
  Gâteau: { points: ['2', '0.5', '4.5'], comment: 'Des progrès à faire en calcul', total: '7', note: '9,33' },
  'Le Bris': { points: ['0.5', '3', '7.5'], comment: 'Bon travail, Zaïna', total: '11', note: '14,67' },
  "N'Goma": { points: [null, '1.5', '2.25'], comment: 'Pensez à écrire votre nom', total: '3.75', note: '5,00' },
  Moreau: { points: ['1', '2', '9.75'], comment: 'Excellent problème', total: '12.75', note: '17,00' },
};
