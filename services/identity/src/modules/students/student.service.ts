import { randomUUID } from 'node:crypto';
import { type Principal } from '@gradeline/auth';
import { type ErrorCode, type CreateRosterStudent, type RosterStudent, type RosterStudentPage, type RosterStudentQuery, type UpdateRosterStudent } from '@gradeline/contracts';
import { type EntityManager, type FilterQuery } from '@gradeline/db';
import { notFound } from '@gradeline/kit';
import { type FastifyRequest } from 'fastify';
import { type Identity } from '../../identity';
import { fold, likePattern } from '../shared/fold';
import { mapUniqueViolations } from '../shared/unique';
import { assertVersion } from '../shared/versioning';
import { UserRecord } from '../users/user.entity';
import { type UserService } from '../users/user.service';
import { StudentRecord } from './student.entity';
import { applyFields, fieldsOf, studentEventData, studentView, type StudentFields } from './student.view';

const STUDENT_UNIQUES: Record<string, [ErrorCode, string]> = { student_external_id_unique: ['conflict', 'another student has this external id'] };

/** The roster by hand: list, create, edit, remove. Every change is an event other services keep. */
export class StudentService {
  constructor(
    private readonly identity: Identity,
    private readonly users: UserService,
  ) {}

  async list(em: EntityManager, principal: Principal, query: RosterStudentQuery): Promise<RosterStudentPage> {
    const where: FilterQuery<StudentRecord> = { tenantId: principal.tenantId };
    if (query.className) where.className = query.className;
    if (query.search) where.searchKey = { $like: likePattern(fold(query.search)) };
    const [rows, total] = await em.findAndCount(StudentRecord, where, { orderBy: { className: 'asc', searchKey: 'asc', id: 'asc' }, limit: query.limit, offset: query.offset });
    return { items: rows.map(studentView), total };
  }

  async get(em: EntityManager, tenantId: string, id: string): Promise<StudentRecord> {
    const student = await em.findOne(StudentRecord, { id, tenantId });
    if (!student) throw notFound('student');
    return student;
  }

  async create(em: EntityManager, request: FastifyRequest, body: CreateRosterStudent): Promise<RosterStudent> {
    const caller = this.identity.caller(request);
    const now = this.identity.deps.clock.now();
    const student = Object.assign(new StudentRecord(), { id: randomUUID(), tenantId: caller.tenantId, createdAt: now, updatedAt: now });
    applyFields(student, normalised(body));
    await mapUniqueViolations(
      () =>
        em.transactional(async (tx) => {
          tx.persist(student);
          this.publishUpsert(tx, request, student);
          this.identity.deps.audit.record(tx, { ...caller, action: 'student.created', subjectType: 'student', subjectId: student.id });
        }),
      STUDENT_UNIQUES,
    );
    return studentView(student);
  }

  async update(em: EntityManager, request: FastifyRequest, id: string, expected: number, patch: UpdateRosterStudent): Promise<RosterStudent> {
    const caller = this.identity.caller(request);
    const student = await this.get(em, caller.tenantId, id);
    assertVersion(student.version, expected, () => studentView(student));
    const fields = { ...fieldsOf(student), ...normalised({ ...fieldsOf(student), ...patch }) };
    applyFields(student, fields);
    await mapUniqueViolations(
      () =>
        em.transactional(async (tx) => {
          this.publishUpsert(tx, request, student);
          await this.renameAccount(tx, request, student);
          this.identity.deps.audit.record(tx, { ...caller, action: 'student.updated', subjectType: 'student', subjectId: student.id, details: { fields: Object.keys(patch) } });
        }),
      STUDENT_UNIQUES,
    );
    return studentView(student);
  }

  /** Removes the pupil; their account, if any, is deactivated at once. */
  async remove(em: EntityManager, request: FastifyRequest, id: string, expected: number | null): Promise<void> {
    const caller = this.identity.caller(request);
    const student = await this.get(em, caller.tenantId, id);
    if (expected !== null) assertVersion(student.version, expected, () => studentView(student));
    await em.transactional(async (tx) => {
      const account = await tx.findOne(UserRecord, { tenantId: caller.tenantId, studentId: student.id });
      if (account?.active) {
        await this.users.deactivate(tx, account, this.identity.deps.clock.now());
        this.users.publish(tx, request, 'identity.user.updated.v1', account);
        this.users.publish(tx, request, 'identity.user.deactivated.v1', account);
      }
      tx.remove(student);
      this.identity.deps.outbox.record(tx, { type: 'identity.student.removed.v1', tenantId: student.tenantId, correlationId: request.id, actor: caller.actor, data: { studentId: student.id } });
      this.identity.deps.audit.record(tx, { ...caller, action: 'student.removed', subjectType: 'student', subjectId: student.id, details: { accountDeactivated: account?.id ?? null } });
    });
  }

  private publishUpsert(em: EntityManager, request: FastifyRequest, student: StudentRecord): void {
    const actor = this.identity.caller(request).actor;
    this.identity.deps.outbox.record(em, { type: 'identity.student.upserted.v1', tenantId: student.tenantId, correlationId: request.id, actor, data: studentEventData(student) });
  }

  /** A renamed pupil's account shows the new name. */
  private async renameAccount(em: EntityManager, request: FastifyRequest, student: StudentRecord): Promise<void> {
    const account = await em.findOne(UserRecord, { tenantId: student.tenantId, studentId: student.id });
    const displayName = `${student.firstName} ${student.lastName}`;
    if (!account || account.displayName === displayName) return;
    account.displayName = displayName;
    this.users.publish(em, request, 'identity.user.updated.v1', account);
  }
}

function normalised(body: CreateRosterStudent): StudentFields {
  return {
    lastName: body.lastName.trim(),
    firstName: body.firstName.trim(),
    birthDate: body.birthDate ?? null,
    email: body.email?.trim() || null,
    className: body.className.trim(),
    group: body.group?.trim() || null,
    externalId: body.externalId?.trim() || null,
  };
}
