import { createHash } from 'node:crypto';

/**
 * A small deterministic PRNG (sfc32) seeded from SHA-256 of `seed` and `salt`: the same dispatch
 * run id always draws the same numbers, and each salt (what is being shuffled) draws its own.
 * Not for secrets: it only has to be reproducible and evenly spread.
 */
export function seededRandom(seed: string, salt: string): () => number {
  const digest = createHash('sha256').update(`${seed}\u0000${salt}`).digest();
  let [a, b, c, d] = [0, 4, 8, 12].map((offset) => digest.readUInt32LE(offset)) as [number, number, number, number];
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** A Fisher-Yates shuffle of a copy of `items`, drawn from `seededRandom(seed, salt)`. */
export function seededShuffle<T>(items: readonly T[], seed: string, salt: string): T[] {
  const random = seededRandom(seed, salt);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
