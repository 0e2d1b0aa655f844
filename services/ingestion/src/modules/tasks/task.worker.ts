import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { listenForNotifications, type MikroORM, type NotificationListener } from '@gradeline/db';
import { type Logger } from '@gradeline/kit';
import { type Worker } from '@gradeline/runtime';
import { Doorbell } from './doorbell';
import { type TaskKind } from './task.entity';
import { taskQueue, type ClaimedTask } from './task.repository';

/** What a kind of task does. `run` completes the task in the transaction that records its result. */
export interface TaskHandler {
  run(task: ClaimedTask): Promise<void>;
  /** Called instead of another retry once `maxAttempts` are spent; without it the task retries forever. */
  giveUp?(task: ClaimedTask, error: unknown): Promise<void>;
}

/** Thrown to retry a task at once (something it read changed under it); not counted as a failure. */
export class RetryTask extends Error {}

export interface TaskWorkerOptions {
  orm: MikroORM;
  logger: Logger;
  handlers: Record<TaskKind, TaskHandler>;
  concurrency: number;
  leaseMs: number;
  /** How often an idle loop looks at the queue when nothing woke it. */
  pollMs: number;
  /** Where enqueues are announced (NOTIFY on commit): idle loops wake at once, whichever replica enqueued. */
  wakeups?: { url: string; channel: string };
  maxAttempts?: number;
  /** Called when the worker stops (free engines, close sources). */
  onStop?: () => Promise<void>;
}

const MAX_BACKOFF_MS = 60_000;

/**
 * Runs ingestion's tasks: `concurrency` loops each claim one task at a time from the database queue
 * and renew its lease while working. An idle loop sleeps until a task is enqueued (a NOTIFY that
 * every replica hears), a task of this process finishes, or the poll interval passes (the fallback
 * when notifications are lost). Replicas share the queue; none needs to know about the others.
 */
export class TaskWorker implements Worker {
  readonly name = 'ingestion-tasks';
  private readonly owner = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly bell = new Doorbell();
  private readonly inHand = new Set<string>();
  private loops: Array<Promise<void>> = [];
  private heartbeat: NodeJS.Timeout | undefined;
  private listener: NotificationListener | undefined;
  private running = false;

  constructor(private readonly options: TaskWorkerOptions) {}

  start(): void {
    this.running = true;
    const { wakeups, logger } = this.options;
    if (wakeups) {
      this.listener = listenForNotifications({
        ...wakeups,
        onNotify: () => this.bell.ring(),
        onError: (error) => logger.warn({ code: (error as { code?: string }).code }, 'task notifications lost; polling until they are back'),
      });
    }
    this.heartbeat = setInterval(() => void this.renewLeases(), Math.max(100, Math.floor(this.options.leaseMs / 3)));
    this.loops = Array.from({ length: this.options.concurrency }, () => this.loop());
  }

  /** Finishes the tasks in hand, then stops; unfinished ones return to the queue when their lease ends. */
  async stop(): Promise<void> {
    this.running = false;
    await this.listener?.close();
    for (let i = 0; i < this.options.concurrency; i++) this.bell.ring();
    await Promise.all(this.loops);
    clearInterval(this.heartbeat);
    await this.options.onStop?.();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let task: ClaimedTask | null = null;
      try {
        task = await taskQueue.claim(this.options.orm.em.fork(), this.owner, this.options.leaseMs);
      } catch (error) {
        this.options.logger.error({ code: (error as { code?: string }).code }, 'claiming a task failed');
      }
      if (task) await this.run(task);
      else if (this.running) await this.bell.wait(this.options.pollMs);
    }
  }

  private async run(task: ClaimedTask): Promise<void> {
    const handler = this.options.handlers[task.kind];
    this.inHand.add(task.id);
    try {
      await handler.run(task);
      this.bell.ring();
    } catch (error) {
      await this.failed(task, handler, error);
    } finally {
      this.inHand.delete(task.id);
    }
  }

  private async failed(task: ClaimedTask, handler: TaskHandler, error: unknown): Promise<void> {
    const code = (error as { code?: string }).code ?? (error instanceof Error ? error.name : 'unknown');
    const log = { taskId: task.id, kind: task.kind, batchId: task.batchId, attempts: task.attempts, code };
    try {
      if (error instanceof RetryTask) {
        await taskQueue.release(this.options.orm.em.fork(), task.id, this.owner, 0, 'retry');
        this.bell.ring();
      } else if (handler.giveUp && task.attempts >= (this.options.maxAttempts ?? 3)) {
        this.options.logger.warn(log, 'task failed for the last time');
        await handler.giveUp(task, error);
      } else {
        this.options.logger.warn(log, 'task failed; retrying');
        const delay = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** (task.attempts - 1));
        await taskQueue.release(this.options.orm.em.fork(), task.id, this.owner, delay, String(code));
      }
    } catch (nested) {
      // The lease runs out and another attempt follows: nothing is lost by giving up here.
      this.options.logger.error({ ...log, nested: (nested as { code?: string }).code }, 'recording a task failure failed');
    }
  }

  private async renewLeases(): Promise<void> {
    if (this.inHand.size === 0) return;
    try {
      await taskQueue.renew(this.options.orm.em.fork(), [...this.inHand], this.owner, this.options.leaseMs);
    } catch (error) {
      this.options.logger.warn({ code: (error as { code?: string }).code }, 'renewing task leases failed');
    }
  }
}
