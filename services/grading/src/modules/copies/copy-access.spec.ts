import { type Principal } from '@gradeline/auth';
import { copyAccess, examAccess } from './copy-access';

const tenantId = 'b1f0a9d2-0c3e-4b7a-9d1e-2f3a4b5c6d7e';
const who = (role: Principal['role'], userId: string, scope: Principal['scope'] = 'full'): Principal => ({ userId, tenantId, role, sessionId: userId, scope });
const facts = { correctorId: 'corrector', takenOverBy: null, leadTeacherIds: ['lead'], ownerId: 'owner' };

describe('who may grade a copy', () => {
  it('lets the assigned corrector, the exam leads and the school admins in, and nobody else', () => {
    expect(copyAccess(who('teacher', 'corrector'), facts)).toEqual({ role: 'corrector', canWrite: true });
    expect(copyAccess(who('teacher', 'lead'), facts)).toEqual({ role: 'lead', canWrite: true });
    expect(copyAccess(who('teacher', 'owner'), facts)).toEqual({ role: 'lead', canWrite: true });
    expect(copyAccess(who('admin', 'someone'), facts)).toEqual({ role: 'admin', canWrite: true });
    expect(copyAccess(who('teacher', 'colleague'), facts)).toBeNull();
    expect(copyAccess(who('student', 'corrector'), facts)).toBeNull();
    expect(copyAccess(who('platform_admin', 'ops'), facts)).toBeNull();
  });

  it('leaves a corrector read-only once an admin took their copy over', () => {
    expect(copyAccess(who('teacher', 'corrector'), { ...facts, takenOverBy: 'admin' })).toEqual({ role: 'corrector', canWrite: false });
  });

  it('grants nothing to a password-change token, even to the assigned corrector', () => {
    expect(copyAccess(who('teacher', 'corrector', 'password_change'), facts)).toBeNull();
  });

  it('opens an exam’s shared material to its correctors, leads and admins', () => {
    const exam = { correctorIds: ['corrector'], leadTeacherIds: ['lead'], ownerId: 'owner' };
    expect(examAccess(who('teacher', 'corrector'), exam)).toBe('corrector');
    expect(examAccess(who('teacher', 'lead'), exam)).toBe('lead');
    expect(examAccess(who('teacher', 'owner'), exam)).toBe('lead');
    expect(examAccess(who('teacher', 'owner'), { ...exam, ownerId: null })).toBeNull();
    expect(examAccess(who('admin', 'x'), exam)).toBe('admin');
    expect(examAccess(who('teacher', 'colleague'), exam)).toBeNull();
  });
});
