import {
  COMPOUND_FIRST_NAMES,
  COMPOUND_SURNAMES,
  NEAR_FIRST_NAMES,
  NEAR_SURNAMES,
  SIMPLE_FIRST_NAMES,
  SIMPLE_SURNAMES,
} from './names';
import { createRandom, type Random } from './random';
import { asciiFold, birthDateFor } from './roster-values';

/** One pupil of a synthetic roster. `lastName` is in natural case ("Le Gall"); exports capitalise it. */
export interface RosterStudent {
  lastName: string;
  firstName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  className: string;
  group: string;
  email: string | null;
  /** INE-like: 10 digits and a key letter. */
  externalId: string;
}

export interface RosterOptions {
  count: number;
  /** Default ['3A', '3B', '3C']. A leading level (6, 5, 4, 3, 2, 1, T) sets the pupils' ages. */
  classes?: string[];
  seed: number;
  /** Pairs with the same last and first name but different birth dates. Default count / 30. */
  homonyms?: number;
  /** Pairs one letter or accent apart (a near surname, or twins with near first names). Default count / 30. */
  nearHomonyms?: number;
  /** true (default) = every pupil has an email, false = none, a number = that share of pupils. */
  withEmail?: boolean | number;
  /** The day ages are counted at (YYYY-MM-DD), fixed so a seed always gives the same roster. Default 2025-09-01. */
  asOf?: string;
}

type Identity = Pick<RosterStudent, 'lastName' | 'firstName'> & { birthDate?: string; className?: string };

const DEFAULT_CLASSES = ['3A', '3B', '3C'];
const INE_KEYS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** A synthetic class roster: French names with accents, compound forms, homonyms and near-homonyms. */
export function generateRoster(options: RosterOptions): RosterStudent[] {
  const { count, seed } = options;
  const homonyms = options.homonyms ?? Math.floor(count / 30);
  const near = options.nearHomonyms ?? Math.floor(count / 30);
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
  if (2 * (homonyms + near) > count) throw new RangeError('homonym pairs do not fit in count');
  const random = createRandom(seed, 1);
  const classes = options.classes?.length ? options.classes : DEFAULT_CLASSES;
  const asOf = options.asOf ?? '2025-09-01';
  const used = new Set<string>();
  const identities: Identity[] = [];
  for (let i = 0; i < homonyms; i++) identities.push(...homonymPair(random, used, classes, asOf));
  for (let i = 0; i < near; i++) identities.push(...nearPair(random, used, i, classes, asOf));
  for (let i = 0; identities.length < count; i++) identities.push(singleIdentity(random, used, i));
  const emailShare = options.withEmail === undefined ? 1 : Number(options.withEmail);
  const emails = new Set<string>();
  const ids = new Set<string>();
  const students = identities.map((who): RosterStudent => {
    const className = who.className ?? random.pick(classes);
    return {
      lastName: who.lastName,
      firstName: who.firstName,
      birthDate: who.birthDate ?? birthDateFor(className, asOf, random),
      className,
      group: `${className}-G${random.int(1, 2)}`,
      email: random.chance(emailShare) ? uniqueEmail(who, emails) : null,
      externalId: uniqueExternalId(random, ids),
    };
  });
  return students.sort(rosterOrder);
}

const key = (who: Identity) => `${who.lastName}|${who.firstName}`;

/** The first singles cover every compound form, so even a short roster exercises each of them. */
function singleIdentity(random: Random, used: Set<string>, index: number): Identity {
  for (;;) {
    const forced = [/ /, /-/, /'/][index];
    const surnames = forced ? COMPOUND_SURNAMES.filter((s) => forced.test(s)) : undefined;
    const lastName = random.pick(surnames ?? (random.chance(0.2) ? COMPOUND_SURNAMES : SIMPLE_SURNAMES));
    const compoundFirst = index === 3 || random.chance(0.1);
    const firstName = random.pick(compoundFirst ? COMPOUND_FIRST_NAMES : SIMPLE_FIRST_NAMES);
    const who = { lastName, firstName };
    if (!used.has(key(who))) {
      used.add(key(who));
      return who;
    }
  }
}

/** Same last and first name, never the same birth date (else they would be one pupil twice). */
function homonymPair(random: Random, used: Set<string>, classes: string[], asOf: string): Identity[] {
  const who = singleIdentity(random, used, -1);
  const first = { ...who, className: random.pick(classes) };
  const second = { ...who, className: random.pick(classes) };
  const firstDate = birthDateFor(first.className, asOf, random);
  let secondDate = birthDateFor(second.className, asOf, random);
  while (secondDate === firstDate) secondDate = birthDateFor(second.className, asOf, random);
  return [
    { ...first, birthDate: firstDate },
    { ...second, birthDate: secondDate },
  ];
}

/** Alternates near surnames (same first name) and twins (same surname, class and birth date). */
function nearPair(random: Random, used: Set<string>, index: number, classes: string[], asOf: string): Identity[] {
  for (;;) {
    let pair: Identity[];
    if (index % 2 === 0) {
      const [a, b] = random.pick(NEAR_SURNAMES);
      const firstName = random.pick(SIMPLE_FIRST_NAMES);
      pair = [{ lastName: a, firstName }, { lastName: b, firstName }];
    } else {
      const [a, b] = random.pick(NEAR_FIRST_NAMES);
      const lastName = random.pick(SIMPLE_SURNAMES);
      const className = random.pick(classes);
      const birthDate = birthDateFor(className, asOf, random);
      pair = [{ lastName, firstName: a, className, birthDate }, { lastName, firstName: b, className, birthDate }];
    }
    if (pair.every((who) => !used.has(key(who)))) {
      pair.forEach((who) => used.add(key(who)));
      return pair;
    }
  }
}

function uniqueEmail(who: Identity, taken: Set<string>): string {
  const local = `${asciiFold(who.firstName)}.${asciiFold(who.lastName)}`;
  let email = `${local}@eleves.example.org`;
  for (let n = 2; taken.has(email); n++) email = `${local}${n}@eleves.example.org`;
  taken.add(email);
  return email;
}

function uniqueExternalId(random: Random, taken: Set<string>): string {
  for (;;) {
    const digits = Array.from({ length: 10 }, () => random.int(0, 9)).join('');
    const id = `${digits}${INE_KEYS[Number(digits) % INE_KEYS.length]}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

const collator = new Intl.Collator('fr', { sensitivity: 'base' });

/** Class, then name, as school exports list them. */
function rosterOrder(a: RosterStudent, b: RosterStudent): number {
  return (
    collator.compare(a.className, b.className) ||
    collator.compare(a.lastName, b.lastName) ||
    collator.compare(a.firstName, b.firstName) ||
    a.birthDate.localeCompare(b.birthDate)
  );
}
