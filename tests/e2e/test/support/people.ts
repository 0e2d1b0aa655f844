import { Client } from './client';
import { tokenOf } from './mail';

/** Everything secret the journey handled (passwords, tokens, links): no log line may hold one. */
export const secrets = new Set<string>();

export interface Credentials {
  /** The school code; none for platform admins. */
  tenant?: string;
  login: string;
  password: string;
}

/** Signs in from `who`'s address and answers the same person carrying their access token. */
export async function signIn(who: Client, credentials: Credentials): Promise<{ client: Client; mustChangePassword: boolean }> {
  const res = await who.post('/auth/login', credentials);
  if (res.status !== 200) throw new Error(`sign-in of ${credentials.login} answered ${res.status}: ${res.text}`);
  secrets.add(credentials.password).add(res.json.accessToken).add(res.json.refreshToken);
  return { client: who.withToken(res.json.accessToken), mustChangePassword: res.json.mustChangePassword };
}

/**
 * Chooses a password through a set-password link (invitation or reset), as its recipient does in a
 * browser: opens the link, types the password twice into the page's form and sends it. Answers the
 * status of the page that comes back (200: the password is set).
 */
export async function setPassword(who: Client, link: string, password: string): Promise<number> {
  secrets.add(link).add(tokenOf(link)).add(password);
  const page = await who.get(link);
  if (page.status !== 200) return page.status;
  const action = /<form method="post" action="([^"]+)"/.exec(page.text)?.[1];
  const token = /name="token" value="([^"]+)"/.exec(page.text)?.[1];
  if (!action || token !== tokenOf(link)) throw new Error(`the page of ${new URL(link).pathname} has no form carrying the link's token`);
  const form = new URLSearchParams({ token, password, confirmation: password }).toString();
  const sent = await who.post(new URL(action, link).href, undefined, { body: Buffer.from(form), contentType: 'application/x-www-form-urlencoded' });
  if (sent.status === 200 && !sent.text.includes('Your password is set')) throw new Error('the set-password page answered 200 without saying the password is set');
  return sent.status;
}

/** A person who accepted their invitation and is signed in. */
export async function onboard(baseUrl: string, link: string, credentials: Credentials): Promise<Client> {
  const device = new Client(baseUrl);
  const status = await setPassword(device, link, credentials.password);
  if (status !== 200) throw new Error(`set-password for ${credentials.login} answered ${status}`);
  return (await signIn(device, credentials)).client;
}

/** The lines of `logs` that hold any of the secrets (reported by a short prefix, never in full). */
export function linesHoldingSecrets(logs: readonly string[]): string[] {
  const all = [...secrets].filter((s) => s.length >= 8);
  return logs.filter((line) => all.some((s) => line.includes(s))).map((line) => line.slice(0, 120));
}
