import { type FinalizeResult, type ReopenResult, type TakeOverResult } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError } from '@gradeline/kit';
import { annotationsOf, toAnnotation } from '../annotations/annotation.repository';
import { openSecondLooks, resolveSecondLooks } from '../review/second-look.repository';
import { type CopyContext } from './copy-context';
import { assertWritable } from './copy-context';
import { correctorOf, type GradingDeps, type WriteContext, writeCopy } from './copy-writer';
import { assess } from './grading-assessment';
import { schemeOf } from './grading-view';
import { type GradingService } from './grading.service';

/** Finalise (the copy becomes immutable), reopen (admins, with a reason) and take over (admins). */
export class FinalizeService {
  constructor(
    private readonly deps: GradingDeps,
    private readonly grading: GradingService,
  ) {}

  /**
   * Publishes grading.copy.finalized.v1 with the scores, exact total and scheme version. A retry
   * with the same If-Match (or the finalised version) gets the stored answer and publishes nothing.
   */
  finalize(em: EntityManager, wc: WriteContext, copyId: string, baseVersion: number): Promise<FinalizeResult> {
    return writeCopy(this.deps, em, wc, copyId, async (tx, ctx) => {
      const { doc } = ctx;
      if (doc.state === 'finalized' && doc.finalized && (baseVersion === doc.finalizedFromVersion || baseVersion === doc.version)) {
        return { result: doc.finalized };
      }
      assertWritable(ctx);
      await this.grading.assertVersion(tx, ctx, baseVersion);
      const result = await this.seal(tx, wc, ctx, baseVersion);
      return {
        result,
        action: 'grading.finalized',
        details: { finalizedVersion: result.version, documentVersion: result.documentVersion, schemeVersion: result.schemeVersion, total: result.total, maxTotal: result.maxTotal, warnings: result.warnings.map((w) => w.code) },
      };
    }, { writable: false });
  }

  private async seal(tx: EntityManager, wc: WriteContext, ctx: CopyContext, baseVersion: number): Promise<FinalizeResult> {
    const { doc, copy } = ctx;
    const tree = await schemeOf(tx, this.deps.schemes, ctx);
    if (!tree) throw new AppError('invalid_state', 'the exam has no published marking scheme yet');
    // Scores came with the locked document row; nothing can change them before this commits.
    const annotations = await annotationsOf(tx, doc.tenantId, copy.id);
    const looks = await openSecondLooks(tx, doc.tenantId, copy.id);
    const assessment = assess(tree, ctx.scores, annotations, looks.flatMap((l) => l.nodeIds));
    if (assessment.missing.length > 0 || assessment.invalid.length > 0) {
      throw new AppError('grading_incomplete', `${assessment.missing.length} question(s) unscored, ${assessment.invalid.length} score(s) outside the scheme`, {
        errors: assessment.invalid,
        extensions: { missing: assessment.missing, invalid: assessment.invalid.map((e) => e.path.slice('scores.'.length)) },
      });
    }
    const now = this.deps.clock.now();
    doc.finalizedVersion += 1;
    doc.finalizedFromVersion = baseVersion;
    doc.version += 1;
    doc.state = 'finalized';
    doc.finalizedSchemeVersion = tree.version;
    const result: FinalizeResult = {
      copyId: copy.id, examId: copy.examId, version: doc.finalizedVersion, documentVersion: doc.version, schemeVersion: tree.version,
      total: assessment.total, maxTotal: assessment.maxTotal, warnings: assessment.warnings, finalizedAt: now.toISOString(),
    };
    doc.finalized = result;
    await resolveSecondLooks(tx, doc.tenantId, copy.id, tree.version, now);
    this.deps.outbox.record(tx, {
      type: 'grading.copy.finalized.v1',
      tenantId: doc.tenantId,
      correlationId: wc.correlationId,
      actor: wc.audit.actor,
      data: {
        copyId: copy.id, examId: copy.examId, version: result.version, schemeVersion: tree.version, correctorId: correctorOf(ctx),
        scores: assessment.scores, total: result.total, maxTotal: result.maxTotal, globalComment: doc.globalComment,
        annotations: annotations.map(toAnnotation), finalizedAt: result.finalizedAt,
      },
    });
    return result;
  }

  /** Back to grading, by an admin with a reason; the next finalise publishes version + 1. */
  reopen(em: EntityManager, wc: WriteContext, copyId: string, reason: string): Promise<ReopenResult> {
    return writeCopy(this.deps, em, wc, copyId, async (tx, ctx) => {
      const { doc, copy } = ctx;
      if (doc.state !== 'finalized') throw new AppError('invalid_state', 'only a finalised copy can be reopened');
      if (copy.status === 'RELEASED') throw new AppError('invalid_state', 'the results of this copy are released: withdraw them first');
      doc.state = 'open';
      doc.version += 1;
      this.deps.outbox.record(tx, {
        type: 'grading.copy.reopened.v1',
        tenantId: doc.tenantId,
        correlationId: wc.correlationId,
        actor: wc.audit.actor,
        data: { copyId, examId: copy.examId, reason, version: doc.finalizedVersion },
      });
      // The reason travels in the event (exam records it on the transition); the audit keeps ids only.
      return {
        result: { copyId, documentVersion: doc.version, reopenedVersion: doc.finalizedVersion },
        action: 'grading.reopened',
        details: { reopenedVersion: doc.finalizedVersion, documentVersion: doc.version },
      };
    }, { writable: false, starts: false });
  }

  /** An admin becomes the copy's only writer; the corrector keeps reading it (and their draft). */
  takeOver(em: EntityManager, wc: WriteContext, copyId: string): Promise<TakeOverResult> {
    return writeCopy(this.deps, em, wc, copyId, async (_tx, ctx) => {
      const { doc, copy } = ctx;
      if (doc.state === 'finalized') throw new AppError('copy_finalized', 'the copy is finalised: reopen it first');
      const previousWriterId = doc.takenOverBy ?? copy.correctorId;
      doc.takenOverBy = wc.principal.userId;
      doc.takenOverAt = this.deps.clock.now();
      return {
        result: { copyId, takenOverBy: wc.principal.userId, previousWriterId },
        action: 'grading.taken_over',
        details: { previousWriterId, correctorId: copy.correctorId },
      };
    }, { writable: false, starts: false });
  }
}
