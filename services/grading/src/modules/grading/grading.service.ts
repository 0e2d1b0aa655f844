import { invalid, AppError } from '@gradeline/kit';
import { type FieldError, type GradingDocument, type GradingUpdate } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { type Principal } from '@gradeline/auth';
import { versionConflict } from '../../shared/versions';
import { type CopyContext, openCopy } from './copy-context';
import { type GradingDeps, type WriteContext, writeCopy } from './copy-writer';
import { buildDocument, schemeOf } from './grading-view';
import { saveScores, scoreStatesOf, toNodeScore } from './node-score.repository';
import { applyScoreEdit, checkScore, type ScoreEdit, type ScorePaths, type ScoreState } from './score-rules';

/** One node's edit in a write, with where its fields were in the request. */
export interface NodeEdit extends ScoreEdit {
  nodeId: string;
  paths: ScorePaths;
}

/** Scores, remarks and the global comment: the parts of the document its `version` covers. */
export class GradingService {
  constructor(private readonly deps: GradingDeps) {}

  async document(em: EntityManager, principal: Principal, copyId: string): Promise<GradingDocument> {
    return buildDocument(em, this.deps.schemes, await openCopy(em, principal, copyId));
  }

  setScores(em: EntityManager, wc: WriteContext, copyId: string, baseVersion: number, edits: NodeEdit[]): Promise<GradingUpdate> {
    return writeCopy(this.deps, em, wc, copyId, async (tx, ctx) => {
      await this.assertVersion(tx, ctx, baseVersion);
      const tree = await schemeOf(tx, this.deps.schemes, ctx);
      if (!tree) throw new AppError('invalid_state', 'the exam has no published marking scheme yet');
      const existing = await scoreStatesOf(tx, ctx.doc.tenantId, copyId, edits.map((e) => e.nodeId));
      const errors: FieldError[] = [];
      const seen = new Set<string>();
      const next = edits.map((edit) => {
        if (seen.has(edit.nodeId)) errors.push({ path: edit.paths.node, message: 'appears more than once' });
        seen.add(edit.nodeId);
        const before = existing.get(edit.nodeId) ?? null;
        const state = applyScoreEdit(before ?? undefined, edit);
        errors.push(...checkScore(tree, edit.nodeId, state, edit.paths));
        return { nodeId: edit.nodeId, before, state };
      });
      if (errors.length > 0) throw invalid('the scores do not fit the marking scheme', errors);
      await saveScores(tx, { tenantId: ctx.doc.tenantId, copyId, updatedBy: ctx.principal.userId, at: this.deps.clock.now() }, next);
      ctx.doc.version += 1;
      return {
        result: { copyId, version: ctx.doc.version, scores: next.map(({ nodeId, state }) => toNodeScore({ nodeId, ...state })), globalComment: ctx.doc.globalComment },
        action: 'grading.scores_changed',
        details: { documentVersion: ctx.doc.version, schemeVersion: tree.version, changes: next.map(describeChange) },
      };
    });
  }

  setComment(em: EntityManager, wc: WriteContext, copyId: string, baseVersion: number, comment: string | null): Promise<GradingUpdate> {
    return writeCopy(this.deps, em, wc, copyId, async (tx, ctx) => {
      await this.assertVersion(tx, ctx, baseVersion);
      const changed = ctx.doc.globalComment !== comment;
      ctx.doc.globalComment = comment;
      ctx.doc.version += 1;
      return {
        result: { copyId, version: ctx.doc.version, scores: [], globalComment: comment },
        action: 'grading.comment_changed',
        details: { documentVersion: ctx.doc.version, changed, cleared: comment === null },
      };
    });
  }

  /** A stale version gets 409 with the document as it is now; nothing is changed. */
  async assertVersion(tx: EntityManager, ctx: CopyContext, baseVersion: number): Promise<void> {
    if (ctx.doc.version !== baseVersion) {
      throw versionConflict('grading document', await buildDocument(tx, this.deps.schemes, ctx), ctx.doc.version);
    }
  }
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
