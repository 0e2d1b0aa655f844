import { type AnyEntitySchema } from '@gradeline/db';
import { signInFailureEntity, signInThrottleEntity } from './modules/auth/throttle.entity';
import { passwordLinkEntity } from './modules/links/password-link.entity';
import { refreshTokenEntity, sessionEntity } from './modules/sessions/session.entity';
import { studentEntity } from './modules/students/student.entity';
import { tenantEntity } from './modules/tenants/tenant.entity';
import { userEntity } from './modules/users/user.entity';

/** Every table of identity (the platform's outbox, inbox, dead letters and audit come from libs/db). */
export const entities: AnyEntitySchema[] = [
  tenantEntity,
  userEntity,
  studentEntity,
  sessionEntity,
  refreshTokenEntity,
  passwordLinkEntity,
  signInThrottleEntity,
  signInFailureEntity,
] as AnyEntitySchema[];
