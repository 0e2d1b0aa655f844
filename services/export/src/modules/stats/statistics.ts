import { toMilli, type ExamStats, type HistogramBin, type SchemeNode } from '@gradeline/contracts';
import { currentResult, type Copy } from '../read-model/copy.entity';
import { nodeLines, scaledMark } from '../results/result-lines';

type Summary = ExamStats['marks'];

const round = (value: number) => Math.round(value * 100) / 100;

/** Count, mean, median, population standard deviation, min and max, to two decimals. */
export function summarise(values: number[]): Summary {
  if (values.length === 0) return { count: 0, mean: null, median: null, standardDeviation: null, min: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return { count: values.length, mean: round(mean), median: round(median), standardDeviation: round(Math.sqrt(variance)), min: sorted[0]!, max: sorted.at(-1)! };
}

/** Marks in bins one point wide up to 20 (twenty bins above), the top mark in the last bin. */
export function histogram(marks: number[], scaleTo: number): HistogramBin[] {
  const bins = Math.min(scaleTo, 20);
  const width = scaleTo / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const mark of marks) counts[Math.min(bins - 1, Math.max(0, Math.floor(mark / width)))]!++;
  return counts.map((count, i) => ({ from: round(i * width), to: round((i + 1) * width), count }));
}

/** What the statistics page shows of an exam (correctors only for those who may see them). */
export function examStats(exam: { id: string; scaleTo: number }, copies: Copy[], nodes: SchemeNode[], withCorrectors: boolean): ExamStats {
  const graded = copies.flatMap((copy) => {
    const result = currentResult(copy);
    return result ? [{ copy, result, mark: Number(scaledMark(result.total, result.maxTotal, exam.scaleTo)) }] : [];
  });
  const marks = graded.map((g) => g.mark);
  const perNode = new Map<string, number[]>();
  for (const { result } of graded) {
    for (const line of nodeLines(nodes, result.scores)) {
      if (line.points !== null) perNode.set(line.node.id, [...(perNode.get(line.node.id) ?? []), toMilli(line.points) / 1000]);
    }
  }
  return {
    examId: exam.id,
    scaleTo: exam.scaleTo,
    copies: copies.length,
    graded: graded.length,
    marks: summarise(marks),
    histogram: histogram(marks, exam.scaleTo),
    nodes: nodeLines(nodes, []).map(({ node }) => {
      const values = perNode.get(node.id) ?? [];
      const max = toMilli(node.maxPoints) / 1000;
      const mean = values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
      return { nodeId: node.id, label: node.label, maxPoints: node.maxPoints, mean: mean === null ? null : round(mean), successRate: mean === null || max <= 0 ? null : round(mean / max) };
    }),
    correctors: withCorrectors ? correctorStats(copies, graded) : null,
  };
}

function correctorStats(copies: Copy[], graded: Array<{ result: { correctorId: string }; mark: number }>): ExamStats['correctors'] {
  const ids = new Set([...copies.map((c) => c.correctorId).filter((id): id is string => id !== null), ...graded.map((g) => g.result.correctorId)]);
  return [...ids].sort().map((correctorId) => {
    const assigned = copies.filter((c) => c.correctorId === correctorId).length;
    const theirs = graded.filter((g) => g.result.correctorId === correctorId).map((g) => g.mark);
    const summary = summarise(theirs);
    return {
      correctorId, assigned, graded: theirs.length,
      progress: assigned ? round(Math.min(1, theirs.length / assigned)) : theirs.length ? 1 : 0,
      mean: summary.mean, spread: summary.standardDeviation,
    };
  });
}
