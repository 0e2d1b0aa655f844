import { type Principal } from '@gradeline/auth';
import { type GradingDraft, type GradingDraftContent } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError, invalid } from '@gradeline/kit';
import { type Clock } from '@gradeline/runtime';
import { versionConflict } from '../../shared/versions';
import { openCopy } from '../grading/copy-context';
import { DraftRecord } from './draft.entity';

interface DraftRow {
  version: number;
  content: GradingDraftContent;
  updated_at: Date;
}

/**
 * Autosaved work in progress, one per (copy, person). Saves are compare-and-set on the version:
 * two tabs of one corrector never overwrite each other; the stale one gets 409 and the newer draft.
 * No tab owns the draft, so any tab or device can carry on after reloading.
 */
export class DraftService {
  constructor(private readonly deps: { clock: Clock; maxBytes: number }) {}

  async get(em: EntityManager, principal: Principal, copyId: string): Promise<GradingDraft> {
    await openCopy(em, principal, copyId);
    return this.current(em, principal, copyId);
  }

  async save(em: EntityManager, principal: Principal, copyId: string, baseVersion: number, content: GradingDraftContent): Promise<GradingDraft> {
    const ctx = await openCopy(em, principal, copyId);
    if (ctx.doc.state === 'finalized') throw new AppError('copy_finalized', 'the copy is finalised: there is nothing left to draft');
    const json = JSON.stringify(content);
    if (Buffer.byteLength(json) > this.deps.maxBytes) {
      throw invalid('the draft is too large', [{ path: 'body.content', message: `must be at most ${this.deps.maxBytes} bytes of JSON` }]);
    }
    const now = this.deps.clock.now();
    const rows =
      baseVersion === 0
        ? await em.execute<DraftRow[]>(
            `insert into "draft" ("copy_id", "user_id", "tenant_id", "version", "content", "updated_at") values (?, ?, ?, 1, ?::jsonb, ?)
             on conflict do nothing returning "version", "content", "updated_at"`,
            [copyId, principal.userId, principal.tenantId, json, now],
          )
        : await em.execute<DraftRow[]>(
            `update "draft" set "content" = ?::jsonb, "version" = "version" + 1, "updated_at" = ?
             where "copy_id" = ? and "user_id" = ? and "tenant_id" = ? and "version" = ? returning "version", "content", "updated_at"`,
            [json, now, copyId, principal.userId, principal.tenantId, baseVersion],
          );
    const row = rows[0];
    if (!row) {
      const current = await this.current(em, principal, copyId);
      throw versionConflict('draft', current, current.version);
    }
    return { copyId, version: row.version, content: row.content, updatedAt: new Date(row.updated_at).toISOString() };
  }

  private async current(em: EntityManager, principal: Principal, copyId: string): Promise<GradingDraft> {
    const draft = await em.findOne(DraftRecord, { copyId, userId: principal.userId, tenantId: principal.tenantId }, { refresh: true });
    if (!draft) return { copyId, version: 0, content: null, updatedAt: null };
    return { copyId, version: draft.version, content: draft.content, updatedAt: draft.updatedAt.toISOString() };
  }
}
