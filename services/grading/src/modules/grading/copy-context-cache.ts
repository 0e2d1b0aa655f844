import { type Principal } from '@gradeline/auth';
import { type CopyContext, writeRefusal } from './copy-context';
import { GradingDocumentRecord } from './grading-document.entity';
import { type ScoreState } from './score-rules';

/** Contexts kept per process: one per (copy, writer) being graded, a few hundred at a time in practice. */
const DEFAULT_SIZE = 5_000;

/**
 * A write ran on a kept context that the database no longer matches (another process, tab or
 * admin changed the copy since): nothing was written; the write runs again on a fresh read.
 */
export class StaleContext extends Error {
  constructor() {
    super('the kept copy context is out of date');
    this.name = 'StaleContext';
  }
}

/** What an applied content write changed in the copy's context. */
export interface ContextAdvance {
  /** The document row's new revision (`xmin` returned by the write). */
  revision: string;
  /** The document's version after the write. */
  version: number;
  at: Date;
  /** Whether the write bumped the document version (scores, comment) or only touched the row (annotations). */
  bumped: boolean;
  scores?: ReadonlyArray<{ nodeId: string; state: ScoreState }>;
  globalComment?: { value: string | null };
}

/**
 * The context of each copy a writer is grading, kept from their previous write in this process so
 * the next write skips the joined read (a statement, a round trip and its mapping: about a third
 * of a write's work). A kept context is never trusted on its own: the write's statement applies
 * only if the document, copy and exam rows still have the revisions the context was read at and
 * the exam's latest scheme version is unchanged (copy-statement.ts), so whatever changed them in
 * any replica (a reassignment, a take-over, a new scheme, a finalise, another tab's write) turns
 * the write into a fresh read and a second attempt. Kept contexts are never mutated: each write
 * keeps a new one.
 */
export class CopyContextCache {
  private readonly entries = new Map<string, CopyContext>();

  constructor(private readonly size = DEFAULT_SIZE) {}

  /** The kept context of this copy for this caller, as theirs (their principal), or undefined. */
  get(principal: Principal, copyId: string): CopyContext | undefined {
    const key = keyOf(principal, copyId);
    const ctx = this.entries.get(key);
    if (!ctx) return undefined;
    // Least recently used first: a hit moves to the end.
    this.entries.delete(key);
    this.entries.set(key, ctx);
    return { ...ctx, principal };
  }

  /** Keeps a context a write may start from: an open copy of a known exam that its reader may write. */
  keep(ctx: CopyContext): void {
    const key = keyOf(ctx.principal, ctx.doc.copyId);
    this.entries.delete(key);
    if (ctx.exam === null || ctx.revisions.exam === null || writeRefusal(ctx)) return;
    this.entries.set(key, { ...ctx, cached: true });
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(principal: Principal, copyId: string): void {
    this.entries.delete(keyOf(principal, copyId));
  }

  /** Keeps the context as an applied write left it. */
  advance(ctx: CopyContext, change: ContextAdvance): void {
    const doc = Object.assign(new GradingDocumentRecord(), ctx.doc, {
      version: change.version,
      startedAt: ctx.doc.startedAt ?? change.at,
      updatedAt: change.bumped ? change.at : ctx.doc.updatedAt,
      globalComment: change.globalComment ? change.globalComment.value : ctx.doc.globalComment,
    });
    const scores = new Map(ctx.scores);
    for (const { nodeId, state } of change.scores ?? []) scores.set(nodeId, state);
    this.keep({ ...ctx, doc, scores, revisions: { ...ctx.revisions, doc: change.revision } });
  }
}

// What decides a caller's access besides the rows: who they are, in which school, as what.
function keyOf(principal: Principal, copyId: string): string {
  return `${principal.tenantId}/${copyId}/${principal.userId}/${principal.role}/${principal.scope}`;
}
