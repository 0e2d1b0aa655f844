import { Argon2Hasher } from './password-hasher';

describe('argon2id hashing', () => {
  const hasher = new Argon2Hasher();

  it('hashes with argon2id at the stated cost and verifies only the right password', async () => {
    const hash = await hasher.hash('violet harbour tomato 42');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(hasher.verify(hash, 'violet harbour tomato 42')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'violet harbour tomato 43')).resolves.toBe(false);
    expect(hasher.needsRehash(hash)).toBe(false);
  });

  it('flags hashes made with other parameters for an upgrade at the next sign-in', async () => {
    const cheaper = await new Argon2Hasher({ memoryCost: 8_192, timeCost: 1, parallelism: 1 }).hash('violet harbour tomato 42');
    expect(hasher.needsRehash(cheaper)).toBe(true);
    await expect(hasher.verify(cheaper, 'violet harbour tomato 42')).resolves.toBe(true);
  });

  it('never lets anyone in on a malformed stored hash, and refuses everyone who does not exist', async () => {
    await expect(hasher.verify('not-a-phc-string', 'anything at all')).resolves.toBe(false);
    await expect(hasher.verifyNobody('anything at all')).resolves.toBe(false);
  });
});
