import { defineConsumer, PermanentError } from '@gradeline/messaging';
import { LockMode } from '@mikro-orm/core';
import { raiseSecondLooks } from '../review/second-look.repository';
import { SchemeVersion } from './scheme.entity';

/**
 * Keeps every scheme version (finalised copies refer to theirs). A version saved again before any
 * score exists replaces its nodes. Copies whose scores or annotations touch a changed or removed
 * node are listed for a second look; their scores stay on the node ids.
 */
export const schemePublishedConsumer = defineConsumer({
  purpose: 'schemes',
  type: 'exam.scheme.published.v1',
  async handler(envelope, ctx) {
    const { data, tenantId } = envelope;
    const at = new Date(envelope.occurredAt);
    let row = await ctx.em.findOne(SchemeVersion, { examId: data.examId, version: data.version }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (row && row.tenantId !== tenantId) throw new PermanentError('tenant_mismatch', 'the exam belongs to another school');
    if (row && row.publishedAt > at) return;
    if (!row) {
      row = Object.assign(new SchemeVersion(), { examId: data.examId, version: data.version, tenantId });
      ctx.em.persist(row);
    }
    Object.assign(row, { nodes: data.nodes, total: data.total, changedNodeIds: data.changedNodeIds, removedNodeIds: data.removedNodeIds, publishedAt: at });
    await ctx.em.flush();
    const touched = [...new Set([...data.changedNodeIds, ...data.removedNodeIds])];
    if (touched.length > 0) await raiseSecondLooks(ctx.em, { tenantId, examId: data.examId, schemeVersion: data.version, nodeIds: touched, at });
  },
});
