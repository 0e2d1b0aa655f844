import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** What a filesystem-store signed URL grants: one key, until an instant, with response overrides. */
export interface SignedObjectGrant {
  key: string;
  /** Unix seconds after which the URL is refused. */
  expiresAt: number;
  downloadName?: string;
  contentType?: string;
}

export type SignedTokenCheck =
  | { ok: true; grant: SignedObjectGrant }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

const TokenPayload = z.object({
  k: z.string().min(1),
  e: z.number().int(),
  n: z.string().optional(),
  t: z.string().optional(),
});

// A fixed label in the MAC, so a secret shared with some other HMAC use can never make a token here.
const LABEL = 'gradeline.object-url.v1.';

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(LABEL).update(payload).digest();
}

/** `<payload>.<mac>`, both base64url: the key and expiry travel in clear, tamper-evident by HMAC-SHA256. */
export function signObjectToken(grant: SignedObjectGrant, secret: string): string {
  const body = { k: grant.key, e: grant.expiresAt, n: grant.downloadName, t: grant.contentType };
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** Checks the MAC in constant time before reading the payload, then the expiry against `nowSeconds`. */
export function verifyObjectToken(token: string, secret: string, nowSeconds: number): SignedTokenCheck {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: 'malformed' };
  const [payload, signature] = parts as [string, string];
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = TokenPayload.safeParse(decoded);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const { k, e, n, t } = parsed.data;
  if (nowSeconds >= e) return { ok: false, reason: 'expired' };
  return { ok: true, grant: { key: k, expiresAt: e, downloadName: n, contentType: t } };
}
