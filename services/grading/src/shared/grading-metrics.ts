import { Counter, type Registry } from 'prom-client';

/** Per-domain counters on the service's /metrics (conflicts show as 409s in the HTTP histogram). */
export interface GradingMetrics {
  /** One accepted grading write, by audit action (`grading.scores_changed`, `grading.finalized`…). */
  written(action: string): void;
}

export function gradingMetrics(registry: Registry): GradingMetrics {
  const writes = new Counter({
    name: 'grading_writes_total',
    help: 'Accepted grading writes by action (scores, comment, annotations, finalise, reopen, take-over)',
    labelNames: ['action'],
    registers: [registry],
  });
  return { written: (action) => writes.inc({ action }) };
}
