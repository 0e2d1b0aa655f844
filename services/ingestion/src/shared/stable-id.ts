import { createHash } from 'node:crypto';

// Any fixed uuid works as the namespace; this one is ingestion's and must never change, or retried
// work would stop finding the rows and objects it wrote before.
const NAMESPACE = Buffer.from('6b1f0c5e9a2d4e8fb3c7d1a05e4f2b96', 'hex');

/**
 * A name-based (version 5) uuid of `parts`: the same parts always give the same id, so a page or a
 * copy computed twice (a retried task, a second worker after a crash) lands on the same row.
 */
export function stableId(...parts: Array<string | number>): string {
  const hash = createHash('sha1').update(NAMESPACE).update(parts.join('\u001f')).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
