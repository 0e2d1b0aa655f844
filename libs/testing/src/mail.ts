import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The set-password link of the latest mail sent to `to`, as identity writes mails locally (one
 * `.eml` file each in its MAIL_DIR, named by time; quoted-printable soft line breaks undone).
 */
export async function linkMailedTo(mailDir: string, to: string): Promise<string | null> {
  const names = (await fs.readdir(mailDir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml')).sort().reverse();
  for (const name of names) {
    const mail = (await fs.readFile(path.join(mailDir, name), 'utf8')).replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    if (!new RegExp(`^To: .*${to.replace(/[.+]/g, '\\$&')}`, 'mi').test(mail)) continue;
    return /https?:\/\/\S+\/set-password\?token=[A-Za-z0-9_-]+/.exec(mail)?.[0] ?? null;
  }
  return null;
}
