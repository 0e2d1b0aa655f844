import { type LinkDelivery, type RosterStudentInvited } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError } from '@gradeline/kit';
import { type FastifyRequest } from 'fastify';
import { type Identity } from '../../identity';
import { fold } from '../shared/fold';
import { mapUniqueViolations, USER_UNIQUES } from '../shared/unique';
import { UserRecord } from '../users/user.entity';
import { newAccount, type UserService } from '../users/user.service';
import { type StudentRecord } from './student.entity';
import { type StudentService } from './student.service';

/** "Marie-Ève N'Diaye" → "marie-eve.ndiaye": ASCII, as people type it. */
export function usernameBase(student: Pick<StudentRecord, 'firstName' | 'lastName'>): string {
  const part = (text: string) => fold(text).replace(/['’]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return [part(student.firstName), part(student.lastName)].filter(Boolean).join('.').slice(0, 56) || 'student';
}

/**
 * A pupil's first access: an account linked to their roster entry (role student, `stu` claim),
 * and a single-use link to choose a password. Never a shared default password.
 */
export class StudentInvitations {
  constructor(
    private readonly identity: Identity,
    private readonly students: StudentService,
    private readonly users: UserService,
  ) {}

  async invite(em: EntityManager, request: FastifyRequest, studentId: string, delivery: LinkDelivery): Promise<RosterStudentInvited> {
    const caller = this.identity.caller(request);
    const now = this.identity.deps.clock.now();
    const student = await this.students.get(em, caller.tenantId, studentId);
    let account = await em.findOne(UserRecord, { tenantId: caller.tenantId, studentId: student.id }, { populate: ['passwordHash'] });
    const created = account === null;
    if (!account) {
      const email = student.email && !(await this.identity.users.emailTaken(em, caller.tenantId, student.email)) ? student.email : null;
      if (delivery === 'email' && student.email && !email) throw new AppError('email_taken', 'another account already uses this student’s email address');
      const username = await this.freeUsername(em, caller.tenantId, usernameBase(student));
      account = newAccount({ tenantId: caller.tenantId, username, displayName: `${student.firstName} ${student.lastName}`, email, role: 'student', studentId: student.id }, now);
    }
    const user = account;
    const wasActive = user.active;
    const link = await mapUniqueViolations(
      () =>
        em.transactional(async (tx) => {
          if (created) tx.persist(user);
          user.active = true;
          student.userId = user.id;
          const prepared = await this.identity.links.prepare(tx, user, user.passwordChangedAt ? 'reset' : 'invitation', delivery, now);
          if (created) this.users.publish(tx, request, 'identity.user.created.v1', user);
          else if (!wasActive) this.users.publish(tx, request, 'identity.user.updated.v1', user);
          this.identity.deps.audit.record(tx, { ...caller, action: 'student.invited', subjectType: 'student', subjectId: student.id, details: { userId: user.id, delivery, accountCreated: created } });
          return prepared;
        }),
      USER_UNIQUES,
    );
    return { userId: user.id, username: user.username, invitation: await this.users.deliver(em, link, user) };
  }

  private async freeUsername(em: EntityManager, tenantId: string, base: string): Promise<string> {
    const taken = new Set((await em.find(UserRecord, { tenantId, usernameKey: { $like: `${base}%` } }, { fields: ['usernameKey'] })).map((u) => u.usernameKey));
    if (!taken.has(base)) return base;
    for (let n = 2; ; n += 1) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
  }
}
