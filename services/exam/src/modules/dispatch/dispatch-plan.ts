import { type Quotas } from '@gradeline/contracts';
import { seededShuffle } from './seeded-random';

/** What a run plans from, stored with it so the plan can be derived again. */
export type PlanInputs =
  | {
      kind: 'dispatch';
      /** READY copies without a corrector. */
      copyIds: string[];
      correctorIds: string[];
      /** Copies of the exam each corrector already holds (any status). */
      held: Record<string, number>;
      quotas: Quotas | null;
    }
  | {
      kind: 'rebalance';
      correctorIds: string[];
      /** Copies each corrector holds that may not move (grading work started). */
      fixed: Record<string, number>;
      /** Assigned copies without grading work, with their current corrector. */
      movable: { copyId: string; correctorId: string }[];
    };

export interface PlannedMove {
  copyId: string;
  from: string | null;
  to: string;
}

export interface Plan {
  moves: PlannedMove[];
  /** Copies no quota had room for (dispatch with quotas only). */
  unplaced: string[];
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The plan of a run, a pure function of its id (`seed`) and inputs. Inputs are put in a canonical
 * order first, so the order rows came from the database in does not matter.
 */
export function planRun(seed: string, inputs: PlanInputs): Plan {
  const order = seededShuffle([...new Set(inputs.correctorIds)].sort(byId), seed, 'correctors');
  return inputs.kind === 'dispatch' ? planDispatch(seed, order, inputs) : planRebalance(seed, order, inputs);
}

function planDispatch(seed: string, order: string[], inputs: Extract<PlanInputs, { kind: 'dispatch' }>): Plan {
  const copies = seededShuffle([...inputs.copyIds].sort(byId), seed, 'copies');
  const shares = shareOut(order, inputs.held, copies.length, inputs.quotas);
  const moves: PlannedMove[] = [];
  for (const correctorId of order) {
    for (let k = 0; k < (shares.get(correctorId) ?? 0); k++) moves.push({ copyId: copies[moves.length] as string, from: null, to: correctorId });
  }
  return { moves, unplaced: copies.slice(moves.length) };
}

/**
 * Rebalance with as few moves as possible: work out each corrector's share of the movable copies
 * as if dealing them again, let everyone keep what they hold up to that share, and move only the
 * rest (all the copies of people who are no longer correctors of the exam).
 */
function planRebalance(seed: string, order: string[], inputs: Extract<PlanInputs, { kind: 'rebalance' }>): Plan {
  const held = new Map<string, string[]>();
  for (const { copyId, correctorId } of [...inputs.movable].sort((a, b) => byId(a.copyId, b.copyId))) {
    held.set(correctorId, [...(held.get(correctorId) ?? []), copyId]);
  }
  // Where shares tie, the one holding more keeps the extra copy (a stable sort keeps the seeded order).
  const dealOrder = [...order].sort((a, b) => (held.get(b)?.length ?? 0) - (held.get(a)?.length ?? 0));
  const shares = shareOut(dealOrder, inputs.fixed, inputs.movable.length, null);
  const excess: { copyId: string; correctorId: string }[] = [];
  const missing = new Map<string, number>();
  for (const correctorId of order) {
    const mine = seededShuffle(held.get(correctorId) ?? [], seed, `held:${correctorId}`);
    const keep = Math.min(mine.length, shares.get(correctorId) ?? 0);
    excess.push(...mine.slice(keep).map((copyId) => ({ copyId, correctorId })));
    missing.set(correctorId, (shares.get(correctorId) ?? 0) - keep);
  }
  const formers = [...held.keys()].filter((id) => !order.includes(id)).sort(byId);
  for (const correctorId of formers) excess.push(...(held.get(correctorId) ?? []).map((copyId) => ({ copyId, correctorId })));
  const pool = seededShuffle(excess.sort((a, b) => byId(a.copyId, b.copyId)), seed, 'excess');
  const moves: PlannedMove[] = [];
  for (const correctorId of order) {
    for (let k = 0; k < (missing.get(correctorId) ?? 0); k++) {
      const next = pool[moves.length] as { copyId: string; correctorId: string };
      moves.push({ copyId: next.copyId, from: next.correctorId, to: correctorId });
    }
  }
  return { moves, unplaced: [] };
}

/**
 * Deals `count` copies one at a time to the corrector holding the fewest (with quotas: the one
 * furthest below their quota, relatively, among those below it); ties go to the earlier one in
 * `order`. Dealt this way the loads end within one of each other when they started equal.
 */
export function shareOut(order: readonly string[], base: Readonly<Record<string, number>>, count: number, quotas: Quotas | null): Map<string, number> {
  const given = new Map(order.map((id) => [id, 0]));
  const holds = (id: string) => (base[id] ?? 0) + (given.get(id) ?? 0);
  const quota = (id: string) => quotas?.[id] ?? 0;
  // a holds relatively less than b: compared by cross-multiplying, so no floating point.
  const lighter = (a: string, b: string) => (quotas ? holds(a) * quota(b) < holds(b) * quota(a) : holds(a) < holds(b));
  for (let n = 0; n < count; n++) {
    let best: string | null = null;
    for (const id of order) {
      if (quotas && holds(id) >= quota(id)) continue;
      if (best === null || lighter(id, best)) best = id;
    }
    if (best === null) break;
    given.set(best, (given.get(best) ?? 0) + 1);
  }
  return given;
}
