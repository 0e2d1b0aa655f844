import { generateRoster, type RosterStudent } from './roster';

const fullName = (s: RosterStudent) => `${s.lastName}|${s.firstName}`;

function ageAt(birthDate: string, asOf: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ay, am, ad] = asOf.split('-').map(Number) as [number, number, number];
  return ay - by - (am < bm || (am === bm && ad < bd) ? 1 : 0);
}

describe('generateRoster', () => {
  const roster = generateRoster({ count: 90, seed: 42, homonyms: 3, nearHomonyms: 4, classes: ['6A', '3B', 'TG2'] });

  it('returns the requested number of pupils, in the requested classes', () => {
    expect(roster).toHaveLength(90);
    expect(new Set(roster.map((s) => s.className))).toEqual(new Set(['6A', '3B', 'TG2']));
    for (const s of roster) expect(s.group.startsWith(s.className)).toBe(true);
  });

  it('holds exactly the requested exact homonyms, each pair born on different days', () => {
    const byName = new Map<string, RosterStudent[]>();
    for (const s of roster) byName.set(fullName(s), [...(byName.get(fullName(s)) ?? []), s]);
    const pairs = [...byName.values()].filter((group) => group.length > 1);
    expect(pairs).toHaveLength(3);
    for (const [a, b] of pairs as [RosterStudent, RosterStudent][]) expect(a.birthDate).not.toBe(b.birthDate);
  });

  it('holds near-homonyms: names one letter or accent apart, including twins sharing a birth date', () => {
    const fold = (t: string) => t.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const oneApart = (x: string, y: string) => {
      if (x === y) return false;
      const [a, b] = [fold(x), fold(y)];
      if (a === b) return true;
      const [short, long] = a.length <= b.length ? [a, b] : [b, a];
      if (long.length - short.length > 1) return false;
      let diffs = 0;
      for (let i = 0, j = 0; j < long.length; i++, j++) {
        if (short[i] === long[j]) continue;
        diffs++;
        if (short.length < long.length) i--;
      }
      return diffs === 1;
    };
    const near = roster.filter((a) =>
      roster.some(
        (b) =>
          (a.firstName === b.firstName && oneApart(a.lastName, b.lastName)) ||
          (a.lastName === b.lastName && a.birthDate === b.birthDate && oneApart(a.firstName, b.firstName)),
      ),
    );
    expect(near.length).toBeGreaterThanOrEqual(8);
    expect(roster.some((a) => roster.some((b) => a !== b && a.lastName === b.lastName && a.birthDate === b.birthDate))).toBe(true);
  });

  it('has every compound form: particles with spaces, hyphens, apostrophes, hyphenated first names', () => {
    expect(roster.some((s) => / /.test(s.lastName))).toBe(true);
    expect(roster.some((s) => /-/.test(s.lastName))).toBe(true);
    expect(roster.some((s) => /'/.test(s.lastName))).toBe(true);
    expect(roster.some((s) => /-/.test(s.firstName))).toBe(true);
  });

  it('has accented names (É, È, Ë, Ï, Ç, Ô and the like)', () => {
    const accented = roster.filter((s) => /[À-ÿŒœ]/.test(s.lastName + s.firstName));
    expect(accented.length).toBeGreaterThanOrEqual(10);
  });

  it('gives pupils aged 11 to 18, the age matching the class level', () => {
    for (const s of roster) {
      expect(s.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const age = ageAt(s.birthDate, '2025-09-01');
      expect(age).toBeGreaterThanOrEqual(11);
      expect(age).toBeLessThanOrEqual(18);
      if (s.className === '6A') expect(age).toBeLessThanOrEqual(12);
      if (s.className === 'TG2') expect(age).toBeGreaterThanOrEqual(17);
    }
  });

  it('gives unique INE-like ids (10 digits and a letter) and unique emails', () => {
    for (const s of roster) expect(s.externalId).toMatch(/^\d{10}[A-Z]$/);
    expect(new Set(roster.map((s) => s.externalId)).size).toBe(90);
    const emails = roster.map((s) => s.email);
    expect(emails.every((e) => e !== null && /^[a-z0-9.-]+@eleves\.example\.org$/.test(e))).toBe(true);
    expect(new Set(emails).size).toBe(90);
  });

  it('leaves emails out on request', () => {
    expect(generateRoster({ count: 10, seed: 1, withEmail: false }).every((s) => s.email === null)).toBe(true);
    const some = generateRoster({ count: 200, seed: 1, withEmail: 0.5 }).filter((s) => s.email !== null).length;
    expect(some).toBeGreaterThan(60);
    expect(some).toBeLessThan(140);
  });

  it('is the same roster for the same seed, and another for another seed', () => {
    expect(generateRoster({ count: 90, seed: 42, homonyms: 3, nearHomonyms: 4, classes: ['6A', '3B', 'TG2'] })).toEqual(roster);
    expect(generateRoster({ count: 90, seed: 43, homonyms: 3, nearHomonyms: 4, classes: ['6A', '3B', 'TG2'] })).not.toEqual(roster);
  });

  it('refuses more homonym pairs than pupils', () => {
    expect(() => generateRoster({ count: 4, seed: 1, homonyms: 2, nearHomonyms: 1 })).toThrow(RangeError);
  });
});
