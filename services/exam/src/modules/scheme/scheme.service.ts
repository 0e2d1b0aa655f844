import { randomUUID } from 'node:crypto';
import { type SchemeNodeInput, type SchemeVersionList, type SchemeView } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError, notFound } from '@gradeline/kit';
import { type Clock } from '@gradeline/runtime';
import { type Caller } from '../../http/caller';
import { type ChangeRecorder } from '../../http/change-recorder';
import { assertCurrentVersion } from '../../http/versioning';
import { examRepository } from '../exam/exam.repository';
import { type ExamService } from '../exam/exam.service';
import { diffScheme, sameScheme } from './scheme-diff';
import { buildScheme } from './scheme.rules';
import { schemeRepository } from './scheme.repository';
import { SchemeVersion } from './scheme-version.entity';
import { emptySchemeView, schemeSummary, schemeView } from './scheme.view';

/**
 * Marking schemes. Every save that changes the tree is a new version (1, 2, …) and is published.
 * Once grading has started on any copy of the exam (grading.copy.started.v1), versions are
 * "frozen": scores stay keyed by node id, and each new version lists the nodes whose label,
 * maximum or step changed, and the nodes removed, compared with the version it replaces (the one
 * graded so far). Before that, nothing has been graded, so the lists are empty.
 */
export class SchemeService {
  constructor(private readonly deps: { clock: Clock; exams: ExamService }) {}

  async get(em: EntityManager, caller: Caller, examId: string, version?: number): Promise<SchemeView> {
    const exam = await this.deps.exams.load(em, caller, examId, 'read');
    const wanted = version ?? exam.schemeVersion;
    if (wanted === 0) return emptySchemeView(examId);
    const scheme = await schemeRepository.find(em, caller.tenantId, examId, wanted);
    if (!scheme) throw notFound('scheme version');
    return schemeView(scheme);
  }

  async versions(em: EntityManager, caller: Caller, examId: string): Promise<SchemeVersionList> {
    await this.deps.exams.load(em, caller, examId, 'read');
    return { items: (await schemeRepository.list(em, caller.tenantId, examId)).map(schemeSummary) };
  }

  /** Saves a whole tree; an unchanged tree is not a new version. */
  async save(em: EntityManager, changes: ChangeRecorder, caller: Caller, examId: string, expected: number, inputs: SchemeNodeInput[]): Promise<SchemeView> {
    const exam = await this.deps.exams.load(em, caller, examId, 'manage');
    if (exam.status === 'closed') {
      throw new AppError('invalid_state', 'The exam is closed: its scheme can no longer change.', { extensions: { currentStatus: exam.status } });
    }
    const current = exam.schemeVersion > 0 ? await schemeRepository.find(em, caller.tenantId, examId, exam.schemeVersion) : null;
    const currentView = () => (current ? schemeView(current) : emptySchemeView(examId));
    assertCurrentVersion('scheme', expected, exam.schemeVersion, currentView);
    const built = buildScheme(inputs);
    if (!built.ok) throw new AppError('scheme_invalid', 'The marking scheme is not valid.', { errors: built.errors });
    if (current && sameScheme(current.nodes, built.nodes)) return currentView();
    const advanced = await examRepository.advanceSchemeVersion(em, caller.tenantId, examId, exam.schemeVersion);
    if (!advanced) throw new AppError('version_conflict', 'Someone saved the scheme at the same time: read it again.');
    const frozen = advanced.scoresSince !== null;
    const diff = frozen && current ? diffScheme(current.nodes, built.nodes) : { changedNodeIds: [], removedNodeIds: [] };
    const scheme = Object.assign(new SchemeVersion(), {
      id: randomUUID(),
      tenantId: caller.tenantId,
      examId,
      version: exam.schemeVersion + 1,
      nodes: built.nodes,
      total: built.total,
      frozen,
      ...diff,
      createdAt: this.deps.clock.now(),
      createdBy: caller.userId,
    });
    em.persist(scheme);
    changes.event('exam.scheme.published.v1', { examId, version: scheme.version, nodes: scheme.nodes, total: scheme.total, ...diff });
    const details = { version: scheme.version, frozen, changed: diff.changedNodeIds.length, removed: diff.removedNodeIds.length };
    changes.audit({ action: 'scheme.published', subjectType: 'exam', subjectId: examId, details });
    return schemeView(scheme);
  }
}
