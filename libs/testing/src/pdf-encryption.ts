import { createHash } from 'node:crypto';

/**
 * The PDF standard security handler, revision 3 (RC4, 128-bit key), enough to write an encrypted
 * fixture without qpdf. RC4 is written out because OpenSSL 3 no longer offers it by default.
 * Algorithms and numbering follow ISO 32000-1, 7.6.3.
 */
const PASSWORD_PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
const KEY_BYTES = 16;

export function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[k] = data[k]! ^ s[(s[i]! + s[j]!) & 0xff]!;
  }
  return out;
}

const md5 = (...parts: Buffer[]) => createHash('md5').update(Buffer.concat(parts)).digest();

function padded(password: string): Buffer {
  return Buffer.concat([Buffer.from(password, 'latin1'), PASSWORD_PAD]).subarray(0, 32);
}

/** Algorithm 3.3 step 5-7 / 3.5 step 4-5: twenty RC4 passes with the key XOR-ed by the pass number. */
function rc4Rounds(key: Buffer, data: Buffer): Buffer {
  let out = data;
  for (let round = 0; round < 20; round++) out = rc4(Buffer.from(key.map((b) => b ^ round)), out);
  return out;
}

function stretch(hash: Buffer): Buffer {
  let h = hash;
  for (let i = 0; i < 50; i++) h = md5(h.subarray(0, KEY_BYTES));
  return h.subarray(0, KEY_BYTES);
}

export interface StandardSecurity {
  /** The /Encrypt dictionary body. */
  dictionary: string;
  /** Encrypts one object's stream or string (algorithm 1). */
  encrypt(objectNumber: number, data: Buffer): Buffer;
}

export function standardSecurity(userPassword: string, ownerPassword: string, fileId: Buffer, permissions = -3904): StandardSecurity {
  const owner = rc4Rounds(stretch(md5(padded(ownerPassword))), padded(userPassword));
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  const key = stretch(md5(padded(userPassword), owner, p, fileId));
  const user = Buffer.concat([rc4Rounds(key, md5(PASSWORD_PAD, fileId)), Buffer.alloc(16)]);
  return {
    dictionary: `<< /Filter /Standard /V 2 /R 3 /Length 128 /P ${permissions} /O <${owner.toString('hex')}> /U <${user.toString('hex')}> >>`,
    encrypt: (objectNumber, data) => {
      const salt = Buffer.from([objectNumber & 0xff, (objectNumber >> 8) & 0xff, (objectNumber >> 16) & 0xff, 0, 0]);
      return rc4(md5(key, salt).subarray(0, Math.min(KEY_BYTES + 5, 16)), data);
    },
  };
}
