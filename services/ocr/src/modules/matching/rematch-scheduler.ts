import { type EntityManager, type MikroORM } from '@gradeline/db';
import { type Logger } from '@gradeline/kit';
import { type Clock, type Worker } from '@gradeline/runtime';
import { LockMode } from '@mikro-orm/core';
import { ExamView } from '../exams/exam-view.entity';
import { MATCHER } from './match-cause';
import { lockExam } from './matching.repository';
import { type MatchingService } from './matching.service';
import { RematchRequest } from './rematch-request.entity';

/**
 * Asks for exams to be re-matched at `dueAt`. A request already pending keeps its time, so a
 * burst of roster events (an import sends one per student) re-matches each exam once. The pending
 * row is updated rather than left alone: the update waits for a worker running that request, and
 * holds the row until this transaction commits, so a re-match never misses this change.
 */
export async function scheduleRematch(em: EntityManager, tenantId: string, examIds: string[], reason: string, dueAt: Date): Promise<void> {
  for (const examId of new Set(examIds)) {
    await em.upsert(RematchRequest, { examId, tenantId, dueAt, reason }, { onConflictFields: ['examId'], onConflictAction: 'merge', onConflictMergeFields: ['reason'] });
  }
}

/** The tenant's exams that have one of these classes. */
export async function examsOfClasses(em: EntityManager, tenantId: string, classNames: string[]): Promise<string[]> {
  const wanted = new Set(classNames);
  const exams = await em.find(ExamView, { tenantId }, { fields: ['id', 'classNames'] });
  return exams.filter((e) => e.classNames.some((c) => wanted.has(c))).map((e) => e.id);
}

/**
 * Runs due re-match requests, one exam per transaction. Replicas share the table: a request is
 * claimed with SKIP LOCKED, so each runs once. Polls every `pollMs`.
 */
export class RematchWorker implements Worker {
  readonly name = 'rematch';
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(private readonly deps: { orm: MikroORM; matching: MatchingService; clock: Clock; logger: Logger; pollMs?: number }) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.drain().finally(() => (this.running = null));
    }, this.deps.pollMs ?? 500);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs every due request; resolves when none is left. */
  async drain(): Promise<void> {
    try {
      while (!this.stopping && (await this.runOne())) {
        /* next one */
      }
    } catch (error) {
      this.deps.logger.error({ err: error, code: 'rematch_failed' }, 're-match failed; will retry');
    }
  }

  private runOne(): Promise<boolean> {
    return this.deps.orm.em.fork().transactional(async (em) => {
      const [request] = await em.find(RematchRequest, { dueAt: { $lte: this.deps.clock.now() } }, { orderBy: { dueAt: 'asc' }, limit: 1, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
      if (!request) return false;
      const exam = await lockExam(em, request.tenantId, request.examId);
      if (exam) {
        const outcome = await this.deps.matching.rematch(em, exam, { correlationId: `rematch-${request.examId}`, actor: MATCHER });
        this.deps.logger.info({ reason: request.reason, ...outcome }, 'exam re-matched');
      }
      em.remove(request);
      return true;
    });
  }
}
