import { randomUUID } from 'node:crypto';
import { type Principal } from '@gradeline/auth';
import { type BankComment, type BankCommentInput, type BankCommentPage, type BankCommentQuery } from '@gradeline/contracts';
import { type EntityManager, type FilterQuery } from '@gradeline/db';
import { AppError, invalid, notFound } from '@gradeline/kit';
import { type AuditLog, type AuditInput, type Clock } from '@gradeline/runtime';
import { examAccess, type AccessRole } from '../copies/copy-access';
import { GradingExam } from '../exams/exam.entity';
import { type SchemeRepository } from '../schemes/scheme.repository';
import { BankCommentRecord } from './bank-comment.entity';

export interface BankDeps {
  audit: AuditLog;
  clock: Clock;
  schemes: SchemeRepository;
}

type AuditCaller = Pick<AuditInput, 'tenantId' | 'actor' | 'ip' | 'userAgent'>;

/** Reusable comments: each corrector's own, and those shared by everyone grading an exam. */
export class CommentBankService {
  constructor(private readonly deps: BankDeps) {}

  listPersonal(em: EntityManager, principal: Principal, query: BankCommentQuery): Promise<BankCommentPage> {
    const where: FilterQuery<BankCommentRecord> = { tenantId: principal.tenantId, ownerId: principal.userId };
    if (query.examId) where.examId = query.examId;
    return this.page(em, where, query);
  }

  async listShared(em: EntityManager, principal: Principal, examId: string, query: BankCommentQuery): Promise<BankCommentPage> {
    await this.examFor(em, principal, examId);
    return this.page(em, { tenantId: principal.tenantId, ownerId: null, examId }, query);
  }

  async addPersonal(em: EntityManager, caller: AuditCaller, principal: Principal, input: BankCommentInput): Promise<BankComment> {
    if (input.nodeId && !input.examId) throw invalid('a node belongs to an exam', [{ path: 'body.examId', message: 'is required with nodeId' }]);
    if (input.examId) await this.examFor(em, principal, input.examId);
    return this.add(em, caller, principal, { ...input, ownerId: principal.userId });
  }

  async addShared(em: EntityManager, caller: AuditCaller, principal: Principal, examId: string, input: Omit<BankCommentInput, 'examId'>): Promise<BankComment> {
    await this.examFor(em, principal, examId);
    return this.add(em, caller, principal, { ...input, examId, ownerId: null });
  }

  /** Counts one more use (the corrector inserted it); returns the comment with its new count. */
  async use(em: EntityManager, principal: Principal, commentId: string): Promise<BankComment> {
    const record = await this.visible(em, principal, commentId);
    const [row] = await em.execute<Array<{ usage_count: number }>>(
      'update "bank_comment" set "usage_count" = "usage_count" + 1 where "id" = ? returning "usage_count"',
      [record.id],
    );
    return { ...toBankComment(record), usageCount: row?.usage_count ?? record.usageCount + 1 };
  }

  /** Personal comments by their owner; shared ones by their author, the exam's leads or an admin. */
  async remove(em: EntityManager, caller: AuditCaller, principal: Principal, commentId: string): Promise<void> {
    const record = await this.visible(em, principal, commentId);
    const role = record.examId ? await this.roleIn(em, principal, record.examId) : null;
    const allowed = record.ownerId === principal.userId || record.createdBy === principal.userId || role === 'admin' || role === 'lead';
    if (!allowed) throw new AppError('forbidden', 'only its author, the exam leads or an admin may remove a shared comment');
    await em.transactional(async (tx) => {
      await tx.nativeDelete(BankCommentRecord, { id: record.id });
      this.deps.audit.record(tx, { ...caller, action: 'comment_bank.removed', subjectType: 'bank_comment', subjectId: record.id, details: { examId: record.examId, nodeId: record.nodeId, shared: record.ownerId === null } });
    });
  }

  private async add(em: EntityManager, caller: AuditCaller, principal: Principal, input: BankCommentInput & { ownerId: string | null }): Promise<BankComment> {
    if (input.nodeId && input.examId) {
      const tree = await this.deps.schemes.latest(em, principal.tenantId, input.examId);
      if (!tree?.has(input.nodeId)) throw invalid('unknown node', [{ path: 'body.nodeId', message: "is not a node of the exam's scheme" }]);
    }
    const record = Object.assign(new BankCommentRecord(), {
      id: randomUUID(), tenantId: principal.tenantId, ownerId: input.ownerId, examId: input.examId, nodeId: input.nodeId,
      text: input.text, usageCount: 0, createdBy: principal.userId, createdAt: this.deps.clock.now(),
    });
    await em.transactional(async (tx) => {
      tx.persist(record);
      this.deps.audit.record(tx, { ...caller, action: 'comment_bank.added', subjectType: 'bank_comment', subjectId: record.id, details: { examId: record.examId, nodeId: record.nodeId, shared: record.ownerId === null } });
    });
    return toBankComment(record);
  }

  /** A comment the caller can see: their own, or shared in an exam they grade. */
  private async visible(em: EntityManager, principal: Principal, commentId: string): Promise<BankCommentRecord> {
    const record = await em.findOne(BankCommentRecord, { id: commentId, tenantId: principal.tenantId });
    if (!record) throw notFound('comment');
    if (record.ownerId === principal.userId) return record;
    if (record.ownerId === null && record.examId && (await this.roleIn(em, principal, record.examId))) return record;
    throw notFound('comment');
  }

  private async roleIn(em: EntityManager, principal: Principal, examId: string): Promise<AccessRole | null> {
    const exam = await em.findOne(GradingExam, { id: examId, tenantId: principal.tenantId });
    return exam ? examAccess(principal, exam) : null;
  }

  /** The exam, if the caller grades it (corrector, lead or admin); otherwise 404. */
  private async examFor(em: EntityManager, principal: Principal, examId: string): Promise<AccessRole> {
    const role = await this.roleIn(em, principal, examId);
    if (!role) throw notFound('exam');
    return role;
  }

  private async page(em: EntityManager, where: FilterQuery<BankCommentRecord>, query: BankCommentQuery): Promise<BankCommentPage> {
    const filter: FilterQuery<BankCommentRecord> = { ...(where as object) };
    if (query.nodeId) Object.assign(filter, { nodeId: query.nodeId });
    if (query.q) Object.assign(filter, { text: { $ilike: `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } });
    const [rows, total] = await em.findAndCount(BankCommentRecord, filter, {
      orderBy: { usageCount: 'desc', createdAt: 'asc', id: 'asc' },
      limit: query.limit,
      offset: query.offset,
    });
    return { items: rows.map(toBankComment), total };
  }
}

export function toBankComment(r: BankCommentRecord): BankComment {
  return {
    id: r.id, scope: r.ownerId === null ? 'exam' : 'personal', examId: r.examId, nodeId: r.nodeId, text: r.text,
    usageCount: r.usageCount, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(),
  };
}
