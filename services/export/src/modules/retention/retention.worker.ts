import { randomUUID } from 'node:crypto';
import { type Logger } from '@gradeline/kit';
import { type Worker } from '@gradeline/runtime';
import { type RetentionService } from './retention.service';

/** At most this long after a start before the first purge (then every interval). */
const FIRST_RUN_MS = 60_000;

/**
 * Runs the retention purge on a timer (daily by default). Replicas may each run it: the purge
 * only deletes what is expired, so a second run finds nothing left to do.
 */
export class RetentionWorker implements Worker {
  readonly name = 'retention-purge';
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly retention: RetentionService, private readonly intervalMs: number, private readonly logger: Logger) {}

  start(): void {
    this.schedule(Math.min(FIRST_RUN_MS, this.intervalMs));
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.running = this.runOnce().finally(() => {
        if (this.timer) this.schedule(this.intervalMs);
      });
    }, delay);
    this.timer.unref();
  }

  private async runOnce(): Promise<void> {
    try {
      const run = await this.retention.purge({ actor: { kind: 'system', name: 'retention-purge' }, correlationId: randomUUID() });
      this.logger.info({ exams: run.examIds.length, copies: run.copies, objects: run.objects }, 'retention purge done');
    } catch (error) {
      this.logger.error({ err: error }, 'retention purge failed');
    }
  }
}
