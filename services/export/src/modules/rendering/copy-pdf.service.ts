import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { type EntityManager } from '@gradeline/db';
import { type ExportPurpose } from '@gradeline/contracts';
import { type ObjectStore } from '@gradeline/storage';
import { type Copy, type CopyResult, type RenderedPdf } from '../read-model/copy.entity';
import { Exam } from '../read-model/exam.entity';
import { SchemeVersion, schemeVersionId } from '../read-model/scheme.entity';
import { Student } from '../read-model/student.entity';
import { Tenant } from '../read-model/tenant.entity';
import { renderGradedPdf, type CopyIdentity, type GradedCopyInput } from './graded-pdf';

/** Something needed to render has not arrived yet (events cross): the consumer retries later. */
export class NotYetRenderableError extends Error {}

/** Where a copy's graded PDF of a grading version lives: re-rendering the same version overwrites it. */
export function pdfKey(tenantId: string, copyId: string, version: number): string {
  return `${tenantId}/export/copies/${copyId}/v${version}.pdf`;
}

/**
 * Renders graded copies and keeps the stored one current. The stored PDF names the student when
 * the copy is identified (the anonymous code otherwise): it is what the student downloads and what
 * the named ZIP holds. Anonymous exports render on the fly from the same data.
 */
export class CopyPdfService {
  constructor(private readonly store: ObjectStore) {}

  async render(em: EntityManager, copy: Copy, result: CopyResult, purpose: ExportPurpose): Promise<{ bytes: Uint8Array; pageCount: number; studentId: string | null }> {
    const input = await this.inputFor(em, copy, result, purpose);
    const rendered = await renderGradedPdf(input, (page) => this.store.get(page.objectKey).then((s) => buffer(s)));
    return { ...rendered, studentId: input.identity.kind === 'student' ? copy.studentId : null };
  }

  /** Renders the named variant of the copy's result, stores it and records it on the copy. */
  async renderAndStore(em: EntityManager, copy: Copy, result: CopyResult): Promise<RenderedPdf> {
    const { bytes, pageCount, studentId } = await this.render(em, copy, result, 'named');
    const key = pdfKey(copy.tenantId, copy.id, result.version);
    await this.store.put(key, Buffer.from(bytes), { contentType: 'application/pdf', size: bytes.length });
    copy.pdf = { key, version: result.version, studentId, size: bytes.length, pageCount };
    return copy.pdf;
  }

  /** The copy's PDF for a purpose: the stored one when it is current, else rendered now (not stored). */
  async open(em: EntityManager, copy: Copy, result: CopyResult, purpose: ExportPurpose): Promise<Readable> {
    const stored = copy.pdf;
    if (purpose === 'named' && stored && stored.version === result.version && stored.studentId === copy.studentId) {
      return this.store.get(stored.key);
    }
    return Readable.from([Buffer.from((await this.render(em, copy, result, purpose)).bytes)]);
  }

  private async inputFor(em: EntityManager, copy: Copy, result: CopyResult, purpose: ExportPurpose): Promise<GradedCopyInput> {
    // One query at a time: inside a transaction they share one connection.
    const exam = await em.findOne(Exam, { id: copy.examId, tenantId: copy.tenantId });
    const scheme = await em.findOne(SchemeVersion, { id: schemeVersionId(copy.examId, result.schemeVersion), tenantId: copy.tenantId });
    const tenant = await em.findOne(Tenant, copy.tenantId);
    const student = copy.studentId && purpose === 'named' ? await em.findOne(Student, { id: copy.studentId, tenantId: copy.tenantId }) : null;
    if (!exam) throw new NotYetRenderableError('exam not known yet');
    if (!scheme) throw new NotYetRenderableError('scheme version not known yet');
    if (copy.pages.length === 0) throw new NotYetRenderableError('pages not known yet');
    const identity: CopyIdentity = student
      ? { kind: 'student', lastName: student.lastName, firstName: student.firstName, className: student.className }
      : { kind: 'anonymous', code: copy.anonymousCode ?? copy.id.slice(0, 8) };
    return {
      institution: tenant?.institutionName || tenant?.name || '',
      exam: { name: exam.name, subject: exam.subject, date: exam.date, scaleTo: exam.scaleTo },
      identity,
      result,
      nodes: scheme.nodes,
      pages: copy.pages,
    };
  }
}
