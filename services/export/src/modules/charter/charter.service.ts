import { randomUUID } from 'node:crypto';
import { type Principal } from '@gradeline/auth';
import { type Charter, type MyCharter } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError } from '@gradeline/kit';
import { type AuditInput, type AuditLog, type Clock } from '@gradeline/runtime';
import { checkIfMatch } from '../shared/versioned';
import { CharterAcceptance, CharterVersion } from './charter.entity';

type Who = Pick<AuditInput, 'tenantId' | 'actor' | 'ip' | 'userAgent'>;

const view = (c: CharterVersion): Charter => ({ version: c.version, text: c.text, updatedAt: c.createdAt.toISOString() });

/** The school's versioned privacy charter, and each student's acceptance of its current version. */
export class CharterService {
  constructor(private readonly deps: { audit: AuditLog; clock: Clock }) {}

  async current(em: EntityManager, tenantId: string): Promise<CharterVersion | null> {
    const [latest] = await em.find(CharterVersion, { tenantId }, { orderBy: { version: 'desc' }, limit: 1 });
    return latest ?? null;
  }

  async read(em: EntityManager, tenantId: string): Promise<{ charter: Charter | null; version: number }> {
    const current = await this.current(em, tenantId);
    return { charter: current ? view(current) : null, version: current?.version ?? 0 };
  }

  /** Publishes a new version of the text; students must accept it before their next view of results. */
  async update(em: EntityManager, principal: Principal, who: Who, text: string, ifMatch: string | undefined): Promise<Charter> {
    return em.transactional(async (tx) => {
      const current = await this.current(tx, principal.tenantId);
      checkIfMatch(ifMatch, current?.version ?? 0, current ? view(current) : null);
      const next = Object.assign(new CharterVersion(), {
        id: randomUUID(), tenantId: principal.tenantId, version: (current?.version ?? 0) + 1, text, createdAt: this.deps.clock.now(), createdBy: principal.userId,
      });
      tx.persist(next);
      this.deps.audit.record(tx, { ...who, action: 'charter.updated', subjectType: 'charter', subjectId: String(next.version), details: { version: next.version } });
      return view(next);
    });
  }

  async mine(em: EntityManager, principal: Principal): Promise<MyCharter> {
    const current = await this.current(em, principal.tenantId);
    const [accepted] = await em.find(CharterAcceptance, { tenantId: principal.tenantId, userId: principal.userId }, { orderBy: { version: 'desc' }, limit: 1 });
    return {
      charter: current ? view(current) : null,
      accepted: !current || accepted?.version === current.version,
      acceptedVersion: accepted?.version ?? null,
      acceptedAt: accepted?.acceptedAt.toISOString() ?? null,
    };
  }

  /** Records that the student accepted `version`, which must be the current one (409 otherwise). */
  async accept(em: EntityManager, principal: Principal, who: Who, version: number): Promise<MyCharter> {
    await em.transactional(async (tx) => {
      const current = await this.current(tx, principal.tenantId);
      if (!current) throw new AppError('invalid_state', 'your school has no charter to accept');
      if (current.version !== version) throw new AppError('version_conflict', 'a newer charter was published: read it first', { extensions: { currentVersion: current.version, current: view(current) } });
      const existing = await tx.findOne(CharterAcceptance, { tenantId: principal.tenantId, userId: principal.userId, version });
      if (existing) return;
      tx.persist(Object.assign(new CharterAcceptance(), {
        id: randomUUID(), tenantId: principal.tenantId, userId: principal.userId, studentId: principal.studentId, version, acceptedAt: this.deps.clock.now(),
      }));
      this.deps.audit.record(tx, { ...who, action: 'charter.accepted', subjectType: 'charter', subjectId: String(version), details: { version } });
    });
    return this.mine(em, principal);
  }

  /** 403 charter_not_accepted (with the version to accept) until the student accepted the current charter. */
  async requireAccepted(em: EntityManager, principal: Principal): Promise<void> {
    const mine = await this.mine(em, principal);
    if (!mine.accepted) {
      throw new AppError('charter_not_accepted', 'accept your school’s privacy charter before viewing your results', { extensions: { version: mine.charter!.version } });
    }
  }
}
