import { type Copy } from '../read-model/copy.entity';
import { type Student } from '../read-model/student.entity';

// Characters no file system takes in a name, and control characters.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\/:*?"<>|\u0000-\u001F\u007F]/g;

/** A name any file system takes, accents kept. */
export function safeFileName(name: string): string {
  return name.normalize('NFC').replace(UNSAFE, '_').replace(/\s+/g, ' ').trim().replace(/^\.+/, '_').slice(0, 150);
}

/**
 * A file name per copy: "NOM Prénom.pdf" when the student is known (named purpose), the anonymous
 * code otherwise; homonyms get " (2)", " (3)"… so no file overwrites another in the archive.
 */
export function zipEntryNames(copies: Copy[], students: Map<string, Student>, named: boolean): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const copy of copies) {
    const student = named && copy.studentId ? students.get(copy.studentId) : undefined;
    const base = safeFileName(student ? `${student.lastName.toLocaleUpperCase('fr-FR')} ${student.firstName}` : `Copie ${copy.anonymousCode ?? copy.id}`) || copy.id;
    let name = `${base}.pdf`;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} (${n}).pdf`;
    taken.add(name.toLowerCase());
    names.set(copy.id, name);
  }
  return names;
}
