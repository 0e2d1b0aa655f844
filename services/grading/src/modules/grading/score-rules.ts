import { fromMilli, isMultipleOf, toMilli, type FieldError } from '@gradeline/contracts';
import { type SchemeTree } from '../schemes/scheme-tree';

/** A node's grading on one copy. "Not answered" is a score of 0 that says why. */
export interface ScoreState {
  points: string | null;
  notAnswered: boolean;
  remark: string | null;
}

export const UNSCORED: ScoreState = { points: null, notAnswered: false, remark: null };

/** What a write asks for; an omitted field keeps its value. */
export interface ScoreEdit {
  points?: string | null;
  notAnswered?: boolean;
  remark?: string | null;
}

/** Where the fields of one edit are in the request, for 422 answers. */
export interface ScorePaths {
  node: string;
  points: string;
}

/**
 * The state after an edit. Giving points clears "not answered" unless it is given too; marking a
 * node not answered scores it 0; unmarking it without points leaves it unscored again.
 */
export function applyScoreEdit(current: ScoreState = UNSCORED, edit: ScoreEdit): ScoreState {
  const notAnswered = edit.notAnswered ?? (edit.points !== undefined ? false : current.notAnswered);
  let points = edit.points !== undefined ? edit.points : current.points;
  if (notAnswered && points === null) points = '0';
  if (!notAnswered && current.notAnswered && edit.points === undefined) points = null;
  return {
    points: points === null ? null : fromMilli(toMilli(points)),
    notAnswered,
    remark: edit.remark !== undefined ? edit.remark : current.remark,
  };
}

/** Whether a state fits the scheme: a known node, scored only on a leaf, 0 ≤ points ≤ max, on the step. */
export function checkScore(tree: SchemeTree, nodeId: string, state: ScoreState, paths: ScorePaths): FieldError[] {
  const node = tree.node(nodeId);
  if (!node) return [{ path: paths.node, message: `is not a node of the exam's scheme (version ${tree.version})` }];
  if (state.points === null) return [];
  if (!tree.isLeaf(nodeId)) {
    return [{ path: paths.node, message: `"${node.label}" has parts: score its parts, its points are their sum` }];
  }
  const milli = toMilli(state.points);
  if (state.notAnswered && milli !== 0) return [{ path: paths.points, message: 'a question marked not answered scores 0' }];
  if (milli < 0) return [{ path: paths.points, message: 'must be at least 0' }];
  if (milli > toMilli(node.maxPoints)) return [{ path: paths.points, message: `must be at most ${node.maxPoints} for "${node.label}"` }];
  if (!isMultipleOf(state.points, node.step)) {
    return [{ path: paths.points, message: `must be a multiple of ${node.step} for "${node.label}"` }];
  }
  return [];
}

export function isScored(state: ScoreState | undefined): boolean {
  return state !== undefined && (state.points !== null || state.notAnswered);
}
