import { type DispatchKind, type Quotas } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';
import { type PlanInputs, type PlannedMove } from './dispatch-plan';

/**
 * One dispatch or rebalance of an exam's copies. Its id seeds the shuffle, and the inputs are kept
 * as the plan saw them, so the plan can be derived again and compared (GET …/dispatches/:runId).
 */
export class DispatchRun {
  id!: string;
  tenantId!: string;
  examId!: string;
  kind!: DispatchKind;
  quotas: Quotas | null = null;
  inputs!: PlanInputs;
  moves: PlannedMove[] = [];
  unplacedCopyIds: string[] = [];
  createdAt: Date = new Date();
  createdBy: string | null = null;
}

export const dispatchRunEntity = new EntitySchema<DispatchRun>({
  class: DispatchRun,
  tableName: 'dispatch_run',
  indexes: [{ properties: ['tenantId', 'examId', 'createdAt'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    examId: { type: 'uuid' },
    kind: { type: 'text' },
    quotas: { type: 'json', nullable: true },
    inputs: { type: 'json' },
    moves: { type: 'json' },
    unplacedCopyIds: { type: 'json' },
    createdAt: { type: 'datetime' },
    createdBy: { type: 'uuid', nullable: true },
  },
});
