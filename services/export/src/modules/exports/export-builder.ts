import { AppError } from '@gradeline/kit';
import { type EntityManager } from '@gradeline/db';
import { type ObjectStore } from '@gradeline/storage';
import { currentResult, Copy } from '../read-model/copy.entity';
import { Exam } from '../read-model/exam.entity';
import { SchemeVersion } from '../read-model/scheme.entity';
import { Student } from '../read-model/student.entity';
import { type CopyPdfService } from '../rendering/copy-pdf.service';
import { byFrenchName } from './csv';
import { planExport, type ExportPlan } from './export-checks';
import { type ExportJob } from './export-job.entity';
import { pronoteCsv } from './pronote-csv';
import { resultsCsv } from './results-csv';
import { safeFileName, zipEntryNames } from './zip-entries';
import { writeZip } from './zip-writer';

export interface Artefact {
  objectKey: string;
  fileName: string;
  contentType: string;
  size: number;
}

/** What an export is computed from: the exam's read model, loaded once. */
export interface ExportContext {
  exam: Exam;
  copies: Copy[];
  students: Map<string, Student>;
  scheme: SchemeVersion | null;
}

export async function loadExportContext(em: EntityManager, tenantId: string, examId: string): Promise<ExportContext> {
  const exam = await em.findOneOrFail(Exam, { id: examId, tenantId });
  const copies = await em.find(Copy, { tenantId, examId });
  const ids = [...new Set(copies.map((c) => c.studentId).filter((id): id is string => id !== null))];
  const students = new Map((await em.find(Student, { tenantId, id: { $in: ids } })).map((s) => [s.id, s]));
  const [scheme] = await em.find(SchemeVersion, { tenantId, examId }, { orderBy: { version: 'desc' }, limit: 1 });
  return { exam, copies, students, scheme: scheme ?? null };
}

export function planFor(job: Pick<ExportJob, 'kind'>, context: ExportContext): ExportPlan {
  return planExport(job.kind, context.copies, new Set(context.students.keys()), context.scheme !== null);
}

const fileBase = (exam: Exam) => safeFileName(exam.name).slice(0, 100) || 'export';

/** Builds a job's artefact into object storage, reporting progress in items (copies or rows). */
export class ExportBuilder {
  constructor(private readonly store: ObjectStore, private readonly pdfs: CopyPdfService) {}

  async build(em: EntityManager, job: ExportJob, progress: (done: number, total: number) => Promise<void>): Promise<Artefact> {
    const context = await loadExportContext(em, job.tenantId, job.examId);
    // The exam may have changed since the request: a job that can no longer be built fails, named.
    const plan = planFor(job, context);
    if (plan.blocking.length) throw new AppError('export_blocked', plan.blocking.map((p) => p.code).join(', '));
    const key = (ext: string) => `${job.tenantId}/export/artefacts/${job.examId}/${job.id}.${ext}`;
    const base = fileBase(context.exam);
    await progress(0, plan.included.length);
    switch (job.kind) {
      case 'pronote_csv':
        return this.putCsv(key('csv'), `${base} - Pronote.csv`, pronoteCsv(context.exam, plan.included.map((copy) => {
          const student = context.students.get(copy.studentId!)!;
          const result = currentResult(copy)!;
          return { ...student, total: result.total, maxTotal: result.maxTotal, globalComment: result.globalComment };
        })));
      case 'results_csv':
        return this.putCsv(key('csv'), `${base} - résultats.csv`, resultsCsv({ scaleTo: context.exam.scaleTo, nodes: context.scheme?.nodes ?? [] }, plan.included, context.students));
      case 'zip':
        return this.zip(em, job, context, plan.included, key('zip'), `${base} - copies.zip`, progress);
      default: {
        const never: never = job.kind;
        throw new Error(`unknown export kind ${String(never)}`);
      }
    }
  }

  private async putCsv(objectKey: string, fileName: string, bytes: Buffer): Promise<Artefact> {
    const contentType = 'text/csv; charset=utf-8';
    await this.store.put(objectKey, bytes, { contentType, size: bytes.length });
    return { objectKey, fileName, contentType, size: bytes.length };
  }

  private async zip(em: EntityManager, job: ExportJob, context: ExportContext, copies: Copy[], objectKey: string, fileName: string, progress: (done: number, total: number) => Promise<void>): Promise<Artefact> {
    const names = zipEntryNames(copies, context.students, job.purpose === 'named');
    const ordered = [...copies].sort((a, b) => byFrenchName.compare(names.get(a.id)!, names.get(b.id)!));
    const contentType = 'application/zip';
    await writeZip(
      ordered.map((copy) => ({ name: names.get(copy.id)!, open: () => this.pdfs.open(em, copy, currentResult(copy)!, job.purpose) })),
      (archive) => this.store.put(objectKey, archive, { contentType }),
      (written) => progress(written, ordered.length),
    );
    const info = await this.store.head(objectKey);
    return { objectKey, fileName, contentType, size: info?.size ?? 0 };
  }
}
