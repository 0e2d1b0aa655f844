import { type Readable } from 'node:stream';
import { type Principal } from '@gradeline/auth';
import { type MyResult } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { notFound } from '@gradeline/kit';
import { type AuditInput, type AuditLog } from '@gradeline/runtime';
import { type CharterService } from '../charter/charter.service';
import { Copy, currentResult, type CopyResult } from '../read-model/copy.entity';
import { Exam } from '../read-model/exam.entity';
import { SchemeVersion, schemeVersionId } from '../read-model/scheme.entity';
import { type CopyPdfService } from '../rendering/copy-pdf.service';
import { nodeLines, scaledMark } from '../results/result-lines';
import { safeFileName } from '../exports/zip-entries';

type Who = Pick<AuditInput, 'tenantId' | 'actor' | 'ip' | 'userAgent'>;
interface Visible { copy: Copy; result: CopyResult; exam: Exam }

/**
 * The student portal's read model: a student sees their own copies of released results, and
 * nothing else. Anything not theirs, not released, not current or of another school is 404, so
 * its existence is never confirmed.
 */
export class PortalService {
  constructor(private readonly deps: { charters: CharterService; pdfs: CopyPdfService; audit: AuditLog }) {}

  async list(em: EntityManager, principal: Principal): Promise<MyResult[]> {
    await this.deps.charters.requireAccepted(em, principal);
    if (!principal.studentId) return [];
    const copies = await em.find(Copy, { tenantId: principal.tenantId, studentId: principal.studentId, releasedAt: { $ne: null } }, { orderBy: { releasedAt: 'desc' } });
    const visible: MyResult[] = [];
    for (const copy of copies) {
      const one = await this.visible(em, principal, copy);
      if (one) visible.push(await this.view(em, one));
    }
    return visible;
  }

  async get(em: EntityManager, principal: Principal, copyId: string): Promise<MyResult> {
    return this.view(em, await this.own(em, principal, copyId));
  }

  /** The graded PDF, audited as a download before a byte is sent. */
  async pdf(em: EntityManager, principal: Principal, who: Who, copyId: string): Promise<{ body: Readable; fileName: string }> {
    const { copy, result, exam } = await this.own(em, principal, copyId);
    const body = await this.deps.pdfs.open(em, copy, result, 'named');
    this.deps.audit.record(em, { ...who, action: 'results.pdf_downloaded', subjectType: 'copy', subjectId: copy.id, details: { examId: copy.examId, version: result.version } });
    await em.flush();
    return { body, fileName: `${safeFileName(exam.name) || 'copie'}.pdf` };
  }

  private async own(em: EntityManager, principal: Principal, copyId: string): Promise<Visible> {
    await this.deps.charters.requireAccepted(em, principal);
    const copy = await em.findOne(Copy, { id: copyId, tenantId: principal.tenantId });
    const visible = copy && (await this.visible(em, principal, copy));
    if (!visible) throw notFound('result');
    return visible;
  }

  private async visible(em: EntityManager, principal: Principal, copy: Copy): Promise<Visible | null> {
    const result = currentResult(copy);
    if (!result || !copy.releasedAt || !principal.studentId || copy.studentId !== principal.studentId || copy.tenantId !== principal.tenantId) return null;
    const exam = await em.findOne(Exam, { id: copy.examId, tenantId: copy.tenantId });
    return exam ? { copy, result, exam } : null;
  }

  private async view(em: EntityManager, { copy, result, exam }: Visible): Promise<MyResult> {
    const scheme = await em.findOne(SchemeVersion, { id: schemeVersionId(exam.id, result.schemeVersion), tenantId: exam.tenantId });
    return {
      copyId: copy.id, examId: exam.id, examName: exam.name, subject: exam.subject, date: exam.date,
      total: result.total, maxTotal: result.maxTotal, scaledMark: scaledMark(result.total, result.maxTotal, exam.scaleTo), scaleTo: exam.scaleTo,
      globalComment: result.globalComment,
      nodes: nodeLines(scheme?.nodes ?? [], result.scores).map((l) => ({
        nodeId: l.node.id, parentId: l.node.parentId, label: l.node.label, maxPoints: l.node.maxPoints, points: l.points, notAnswered: l.notAnswered, remark: l.remark,
      })),
      releasedAt: copy.releasedAt!.toISOString(),
      pdfPath: `/api/v1/me/results/${copy.id}/pdf`,
    };
  }
}
