import { toMilli, type SchemeNode } from '@gradeline/contracts';

export interface SchemeDiff {
  /** In both versions, with a different label, maximum or step: scores on them need a second look. */
  changedNodeIds: string[];
  /** Gone from the new version: their scores no longer count. */
  removedNodeIds: string[];
}

/** What graders must look at again when `next` replaces `previous` (node ids are stable). */
export function diffScheme(previous: readonly SchemeNode[], next: readonly SchemeNode[]): SchemeDiff {
  const nextById = new Map(next.map((n) => [n.id, n]));
  const changedNodeIds: string[] = [];
  const removedNodeIds: string[] = [];
  for (const before of previous) {
    const after = nextById.get(before.id);
    if (!after) removedNodeIds.push(before.id);
    else if (after.label !== before.label || toMilli(after.maxPoints) !== toMilli(before.maxPoints) || after.step !== before.step) {
      changedNodeIds.push(before.id);
    }
  }
  return { changedNodeIds, removedNodeIds };
}

/** True when two normalised trees are the same in every field (saving it again changes nothing). */
export function sameScheme(a: readonly SchemeNode[], b: readonly SchemeNode[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((n, i) => {
    const m = b[i]!;
    return n.id === m.id && n.parentId === m.parentId && n.label === m.label && n.maxPoints === m.maxPoints && n.step === m.step && n.position === m.position;
  });
}
