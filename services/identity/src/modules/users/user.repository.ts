import { type UserQuery } from '@gradeline/contracts';
import { type EntityManager, type FilterQuery } from '@gradeline/db';
import { notFound } from '@gradeline/kit';
import { fold, likePattern } from '../shared/fold';
import { UserRecord } from './user.entity';

/** Accounts, always within one tenant. */
export class UserRepository {
  /** By username or email, ignoring case (sign-in, forgot password). */
  async findByLogin(em: EntityManager, tenantId: string, login: string): Promise<UserRecord | null> {
    const key = login.trim().toLowerCase();
    const field = key.includes('@') ? { emailKey: key } : { usernameKey: key };
    return em.findOne(UserRecord, { tenantId, ...field }, { populate: ['passwordHash'] });
  }

  async get(em: EntityManager, tenantId: string, id: string): Promise<UserRecord> {
    const user = await em.findOne(UserRecord, { id, tenantId }, { populate: ['passwordHash'] });
    if (!user) throw notFound('user');
    return user;
  }

  async search(em: EntityManager, tenantId: string, query: UserQuery): Promise<[UserRecord[], number]> {
    const where: FilterQuery<UserRecord> = { tenantId };
    if (query.role) where.role = query.role;
    if (query.active !== undefined) where.active = query.active;
    if (query.search) {
      const pattern = likePattern(fold(query.search));
      where.$or = [{ usernameKey: { $like: pattern } }, { emailKey: { $like: pattern } }, { displayName: { $ilike: likePattern(query.search) } }];
    }
    return em.findAndCount(UserRecord, where, { orderBy: { usernameKey: 'asc' }, limit: query.limit, offset: query.offset });
  }

  async usernameTaken(em: EntityManager, tenantId: string, username: string, exceptId?: string): Promise<boolean> {
    const found = await em.findOne(UserRecord, { tenantId, usernameKey: username.toLowerCase() }, { fields: ['id'] });
    return found !== null && found.id !== exceptId;
  }

  async emailTaken(em: EntityManager, tenantId: string, email: string, exceptId?: string): Promise<boolean> {
    const found = await em.findOne(UserRecord, { tenantId, emailKey: email.toLowerCase() }, { fields: ['id'] });
    return found !== null && found.id !== exceptId;
  }

  /**
   * Sign-in and credential columns, written without the unit of work: these are not edits, so
   * they must not bump the version (MikroORM's nativeUpdate would) nor break an admin's If-Match.
   */
  async recordCredentials(em: EntityManager, id: string, changes: CredentialChanges): Promise<void> {
    const columns = Object.entries(changes).filter(([, value]) => value !== undefined);
    if (columns.length === 0) return;
    const sets = columns.map(([key]) => `${CREDENTIAL_COLUMNS[key as keyof CredentialChanges]} = ?`).join(', ');
    await em.getConnection().execute(`update user_account set ${sets} where id = ?`, [...columns.map(([, value]) => value), id]);
  }
}

export interface CredentialChanges {
  passwordHash?: string;
  mustChangePassword?: boolean;
  passwordChangedAt?: Date;
  lastSignInAt?: Date;
}

const CREDENTIAL_COLUMNS: Record<keyof CredentialChanges, string> = {
  passwordHash: 'password_hash',
  mustChangePassword: 'must_change_password',
  passwordChangedAt: 'password_changed_at',
  lastSignInAt: 'last_sign_in_at',
};
