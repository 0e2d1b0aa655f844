import { type Principal } from '@gradeline/auth';
import { type FieldError, type GradingDocument, type GradingUpdate } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError, invalid } from '@gradeline/kit';
import { versionConflict } from '../../shared/versions';
import { openCopy, type CopyContext } from './copy-context';
import { commitCopyChange, onWritableCopy, refusal } from './copy-statement';
import { type GradingDeps, type WriteContext } from './copy-writer';
import { buildDocument, schemeOf } from './grading-view';
import { scoreWrites, toNodeScore } from './node-score.repository';
import { applyScoreEdit, checkScore, type ScoreEdit, type ScorePaths, type ScoreState } from './score-rules';

/** One node's edit in a write, with where its fields were in the request. */
export interface NodeEdit extends ScoreEdit {
  nodeId: string;
  paths: ScorePaths;
}

/**
 * Scores, remarks and the global comment: the parts of the document its `version` covers. A write
 * is checked against what it read (version, scheme, current scores) and then applied in one
 * statement that holds only if the document is still at that version (see copy-statement.ts).
 */
export class GradingService {
  constructor(private readonly deps: GradingDeps) {}

  async document(em: EntityManager, principal: Principal, copyId: string): Promise<GradingDocument> {
    return buildDocument(em, this.deps.schemes, await openCopy(em, principal, copyId));
  }

  setScores(em: EntityManager, wc: WriteContext, copyId: string, baseVersion: number, edits: NodeEdit[]): Promise<GradingUpdate> {
    return onWritableCopy(this.deps, em, wc, copyId, (ctx) => this.applyScores(em, wc, ctx, baseVersion, edits), atVersion(baseVersion));
  }

  setComment(em: EntityManager, wc: WriteContext, copyId: string, baseVersion: number, comment: string | null): Promise<GradingUpdate> {
    return onWritableCopy(this.deps, em, wc, copyId, (ctx) => this.applyComment(em, wc, ctx, baseVersion, comment), atVersion(baseVersion));
  }

  private async applyScores(em: EntityManager, wc: WriteContext, ctx: CopyContext, baseVersion: number, edits: NodeEdit[]): Promise<GradingUpdate> {
    await this.assertVersion(em, ctx, baseVersion);
    const copyId = ctx.doc.copyId;
    const tree = await schemeOf(em, this.deps.schemes, ctx);
    if (!tree) throw new AppError('invalid_state', 'the exam has no published marking scheme yet');
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    const next = edits.map((edit) => {
      if (seen.has(edit.nodeId)) errors.push({ path: edit.paths.node, message: 'appears more than once' });
      seen.add(edit.nodeId);
      const before = ctx.scores.get(edit.nodeId) ?? null;
      const state = applyScoreEdit(before ?? undefined, edit);
      errors.push(...checkScore(tree, edit.nodeId, state, edit.paths));
      return { nodeId: edit.nodeId, before, state };
    });
    if (errors.length > 0) throw invalid('the scores do not fit the marking scheme', errors);
    const version = baseVersion + 1;
    const committed = await commitCopyChange(this.deps, em, wc, ctx, {
      baseVersion,
      writes: [scoreWrites({ tenantId: ctx.doc.tenantId, copyId, updatedBy: wc.principal.userId, at: this.deps.clock.now() }, next)],
      audit: { action: 'grading.scores_changed', details: { documentVersion: version, schemeVersion: tree.version, changes: next.map(describeChange) } },
      scores: next,
    });
    if (!committed.applied) throw await refusal(this.deps, em, wc, copyId, baseVersion);
    return { copyId, version, scores: next.map(({ nodeId, state }) => toNodeScore({ nodeId, ...state })), globalComment: ctx.doc.globalComment };
  }

  private async applyComment(em: EntityManager, wc: WriteContext, ctx: CopyContext, baseVersion: number, comment: string | null): Promise<GradingUpdate> {
    await this.assertVersion(em, ctx, baseVersion);
    const copyId = ctx.doc.copyId;
    const version = baseVersion + 1;
    const committed = await commitCopyChange(this.deps, em, wc, ctx, {
      baseVersion,
      globalComment: { value: comment },
      audit: { action: 'grading.comment_changed', details: { documentVersion: version, changed: ctx.doc.globalComment !== comment, cleared: comment === null } },
    });
    if (!committed.applied) throw await refusal(this.deps, em, wc, copyId, baseVersion);
    return { copyId, version, scores: [], globalComment: comment };
  }

  /** A stale version gets 409 with the document as it is now; nothing is changed. */
  async assertVersion(em: EntityManager, ctx: CopyContext, baseVersion: number): Promise<void> {
    if (ctx.doc.version !== baseVersion) {
      throw versionConflict('grading document', await buildDocument(em, this.deps.schemes, ctx), ctx.doc.version);
    }
  }
}

/** A kept context serves a document write only at the version the writer sent (else a fresh read answers). */
function atVersion(baseVersion: number): (ctx: CopyContext) => boolean {
  return (ctx) => ctx.doc.version === baseVersion;
}

// The audit says what changed in points; remarks are free text and only reported as changed.
function describeChange(c: { nodeId: string; before: ScoreState | null; state: ScoreState }): Record<string, unknown> {
  return {
    nodeId: c.nodeId,
    from: c.before ? { points: c.before.points, notAnswered: c.before.notAnswered } : null,
    to: { points: c.state.points, notAnswered: c.state.notAnswered },
    remarkChanged: (c.before?.remark ?? null) !== c.state.remark,
  };
}
