import { addPoints, scalePoints, type NodeScore, type SchemeNode } from '@gradeline/contracts';

/** One scheme node of a copy's result, in tree order. */
export interface NodeLine {
  node: SchemeNode;
  depth: number;
  /** The node's points: its own score, or the sum of its children's; null when nothing is scored. */
  points: string | null;
  notAnswered: boolean;
  remark: string | null;
}

/** The scheme tree (depth first, by position) with each node's score from the copy's result. */
export function nodeLines(nodes: SchemeNode[], scores: NodeScore[]): NodeLine[] {
  const byParent = new Map<string | null, SchemeNode[]>();
  for (const node of nodes) byParent.set(node.parentId, [...(byParent.get(node.parentId) ?? []), node]);
  for (const list of byParent.values()) list.sort((a, b) => a.position - b.position);
  const scoreOf = new Map(scores.map((s) => [s.nodeId, s]));
  const lines: NodeLine[] = [];
  const visit = (node: SchemeNode, depth: number): string | null => {
    const at = lines.length;
    const score = scoreOf.get(node.id);
    lines.push({ node, depth, points: null, notAnswered: score?.notAnswered ?? false, remark: score?.remark ?? null });
    const children = byParent.get(node.id) ?? [];
    const childPoints = children.map((child) => visit(child, depth + 1)).filter((p): p is string => p !== null);
    const own = score?.notAnswered ? '0' : (score?.points ?? null);
    const points = children.length > 0 && own === null ? (childPoints.length ? addPoints(...childPoints) : null) : own;
    lines[at]!.points = points;
    return points;
  };
  for (const root of byParent.get(null) ?? []) visit(root, 0);
  return lines;
}

/** The total scaled to `scaleTo`, exact, half-up, two decimals ("15.50"). */
export function scaledMark(total: string, maxTotal: string, scaleTo: number): string {
  return scalePoints(total, maxTotal, scaleTo, 2);
}

/** French decimal comma: "15.50" → "15,50". */
export function decimalComma(value: string): string {
  return value.replace('.', ',');
}

/** `YYYY-MM-DD` → `dd/mm/yyyy`. */
export function frenchDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

/** "+1,5" / "-0,5" / "0" for a points delta, with the French decimal comma. */
export function signedPoints(points: string): string {
  return decimalComma(points.startsWith('-') || /^0(\.0*)?$/.test(points) ? points : `+${points}`);
}
