import { isDeepStrictEqual } from 'node:util';
import { type CorrectorLoad, type DispatchRunSummary, type DispatchRunView } from '@gradeline/contracts';
import { planRun, type PlanInputs, type PlannedMove } from './dispatch-plan';
import { type DispatchRun } from './dispatch-run.entity';

export function runSummary(run: DispatchRun): DispatchRunSummary {
  return { runId: run.id, examId: run.examId, kind: run.kind, createdAt: run.createdAt.toISOString(), createdBy: run.createdBy, assigned: run.moves.length };
}

/** The run as stored, with `reproduced`: the plan derived again from its id and inputs is the stored one. */
export function runView(run: DispatchRun): DispatchRunView {
  const again = planRun(run.id, run.inputs);
  return {
    ...runSummary(run),
    quotas: run.quotas,
    correctors: loads(run.inputs, run.moves),
    assignments: run.moves.map((m) => ({ copyId: m.copyId, fromCorrectorId: m.from, correctorId: m.to })),
    unplacedCopyIds: run.unplacedCopyIds,
    reproduced: isDeepStrictEqual(again, { moves: run.moves, unplaced: run.unplacedCopyIds }),
  };
}

/** Per corrector (and per former corrector a rebalance took copies from): before, received, given, after. */
function loads(inputs: PlanInputs, moves: PlannedMove[]): CorrectorLoad[] {
  const before = new Map<string, number>(inputs.correctorIds.map((id) => [id, 0]));
  if (inputs.kind === 'dispatch') {
    for (const id of inputs.correctorIds) before.set(id, inputs.held[id] ?? 0);
  } else {
    for (const id of inputs.correctorIds) before.set(id, inputs.fixed[id] ?? 0);
    for (const { correctorId } of inputs.movable) before.set(correctorId, (before.get(correctorId) ?? 0) + 1);
  }
  const count = (pick: (m: PlannedMove) => string | null, id: string) => moves.filter((m) => pick(m) === id).length;
  const quota = (id: string) => (inputs.kind === 'dispatch' && inputs.quotas ? (inputs.quotas[id] ?? 0) : null);
  return [...before].map(([correctorId, held]) => {
    const received = count((m) => m.to, correctorId);
    const given = count((m) => m.from, correctorId);
    return { correctorId, before: held, received, given, after: held + received - given, quota: quota(correctorId) };
  });
}
