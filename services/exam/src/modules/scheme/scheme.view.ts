import { type SchemeVersionSummary, type SchemeView } from '@gradeline/contracts';
import { type SchemeVersion } from './scheme-version.entity';

export function schemeView(scheme: SchemeVersion): SchemeView {
  return {
    examId: scheme.examId,
    version: scheme.version,
    nodes: scheme.nodes,
    total: scheme.total,
    frozen: scheme.frozen,
    changedNodeIds: scheme.changedNodeIds,
    removedNodeIds: scheme.removedNodeIds,
    createdAt: scheme.createdAt.toISOString(),
  };
}

/** What GET /exams/:id/scheme answers before the first save: version 0, no nodes. */
export function emptySchemeView(examId: string): SchemeView {
  return { examId, version: 0, nodes: [], total: '0', frozen: false, changedNodeIds: [], removedNodeIds: [], createdAt: null };
}

export function schemeSummary(scheme: SchemeVersion): SchemeVersionSummary {
  const { examId: _examId, nodes, ...rest } = schemeView(scheme);
  return { ...rest, nodeCount: nodes.length, createdBy: scheme.createdBy };
}
