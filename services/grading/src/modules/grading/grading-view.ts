import { type GradingDocument } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { annotationsOf, toAnnotation } from '../annotations/annotation.repository';
import { openSecondLooks, toSecondLook } from '../review/second-look.repository';
import { type SchemeRepository } from '../schemes/scheme.repository';
import { type SchemeTree } from '../schemes/scheme-tree';
import { type CopyContext } from './copy-context';
import { assess } from './grading-assessment';
import { toNodeScore } from './node-score.repository';

/** The scheme a copy is checked against: the latest while open, the finalised one once finalised. */
export async function schemeOf(em: EntityManager, schemes: SchemeRepository, ctx: CopyContext): Promise<SchemeTree | null> {
  const { tenantId, examId, finalizedSchemeVersion, state } = ctx.doc;
  const version = state === 'finalized' && finalizedSchemeVersion !== null ? finalizedSchemeVersion : ctx.latestSchemeVersion;
  return version === null ? null : schemes.get(em, tenantId, examId, version);
}

/** The whole document as the corrector sees it (and as a 409 shows the current state). */
export async function buildDocument(em: EntityManager, schemes: SchemeRepository, ctx: CopyContext): Promise<GradingDocument> {
  const { copy, doc } = ctx;
  // One after the other: inside a transaction they share one connection anyway.
  const tree = await schemeOf(em, schemes, ctx);
  const annotations = await annotationsOf(em, doc.tenantId, doc.copyId);
  const looks = await openSecondLooks(em, doc.tenantId, doc.copyId);
  const assessment = tree ? assess(tree, ctx.scores, annotations, looks.flatMap((l) => l.nodeIds)) : null;
  const order = new Map((tree?.ordered() ?? []).map((n, i) => [n.id, i]));
  const scores = [...ctx.scores]
    .map(([nodeId, state]) => toNodeScore({ nodeId, ...state }))
    .sort((a, b) => (order.get(a.nodeId) ?? Infinity) - (order.get(b.nodeId) ?? Infinity) || a.nodeId.localeCompare(b.nodeId));
  return {
    copyId: copy.id,
    examId: copy.examId,
    anonymousCode: copy.anonymousCode,
    copyStatus: copy.status,
    state: doc.state,
    version: doc.version,
    schemeVersion: tree?.version ?? null,
    finalizedVersion: doc.finalizedVersion,
    pageCount: copy.pages.length,
    correctorId: copy.correctorId,
    takenOverBy: doc.takenOverBy,
    scores,
    globalComment: doc.globalComment,
    annotations: annotations.map(toAnnotation),
    total: assessment?.total ?? '0',
    maxTotal: assessment?.maxTotal ?? null,
    missing: assessment?.missing ?? [],
    warnings: assessment?.warnings ?? [],
    secondLook: looks.map(toSecondLook),
    updatedAt: doc.updatedAt.toISOString(),
  };
}
