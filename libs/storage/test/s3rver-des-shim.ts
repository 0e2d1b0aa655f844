import crypto from 'node:crypto';

/**
 * s3rver makes listing continuation tokens with single DES, which OpenSSL 3 (Node >= 17) only
 * offers in its legacy provider, so any listing longer than one page fails with a 500. Triple DES
 * with three equal keys is single DES, so mapping 'des' onto 'des-ede3-cbc' is exact. Test-only;
 * returns the function that puts crypto back (core modules are shared by test files in a worker).
 */
export function installS3rverDesShim(): () => void {
  const { createCipheriv, createDecipheriv } = crypto;
  const tripled = (key: crypto.CipherKey): Buffer => {
    const bytes = Buffer.from(key as Buffer);
    return Buffer.concat([bytes, bytes, bytes]);
  };
  crypto.createCipheriv = ((algorithm: string, key: crypto.CipherKey, iv: crypto.BinaryLike | null) =>
    algorithm === 'des'
      ? createCipheriv('des-ede3-cbc', tripled(key), iv)
      : createCipheriv(algorithm, key, iv)) as typeof crypto.createCipheriv;
  crypto.createDecipheriv = ((algorithm: string, key: crypto.CipherKey, iv: crypto.BinaryLike | null) =>
    algorithm === 'des'
      ? createDecipheriv('des-ede3-cbc', tripled(key), iv)
      : createDecipheriv(algorithm, key, iv)) as typeof crypto.createDecipheriv;
  return () => {
    crypto.createCipheriv = createCipheriv;
    crypto.createDecipheriv = createDecipheriv;
  };
}
