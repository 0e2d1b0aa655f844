import { Counter, type Registry } from 'prom-client';

/** Per-domain counters on the service's /metrics (conflicts show as 409s in the HTTP histogram). */
export interface GradingMetrics {
  /** One accepted grading write, by audit action (`grading.scores_changed`, `grading.finalized`…). */
  written(action: string): void;
  /** Where a content write found its copy's context: kept from the writer's previous write, or read (copy-context-cache.ts). */
  context(source: 'kept' | 'read' | 'stale'): void;
}

export function gradingMetrics(registry: Registry): GradingMetrics {
  const writes = new Counter({
    name: 'grading_writes_total',
    help: 'Accepted grading writes by action (scores, comment, annotations, finalise, reopen, take-over)',
    labelNames: ['action'],
    registers: [registry],
  });
  const contexts = new Counter({
    name: 'grading_copy_contexts_total',
    help: "Copy contexts of content writes: kept from the writer's previous write, read for the write, or kept but refused or out of date (then read again)",
    labelNames: ['source'],
    registers: [registry],
  });
  return { written: (action) => writes.inc({ action }), context: (source) => contexts.inc({ source }) };
}
