import { AppError } from '@gradeline/kit';
import { isCommonPassword } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 12;

export interface PasswordOwner {
  username: string;
  email: string | null;
}

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, owner: PasswordOwner): string | null {
  // Count characters as people see them (an accented letter is one), not UTF-16 units.
  if ([...password.normalize('NFC')].length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  const lowered = password.trim().toLowerCase();
  if (lowered === owner.username.toLowerCase()) return 'must not be your username';
  if (owner.email && (lowered === owner.email.toLowerCase() || lowered === owner.email.toLowerCase().split('@')[0])) return 'must not be your email address';
  if (isCommonPassword(password) || isCommonPassword(password.trim())) return 'is too common: it appears in lists of leaked passwords';
  return null;
}

/** 422 `password_policy` naming the field, when the password is not acceptable. */
export function assertPasswordPolicy(password: string, owner: PasswordOwner, field: string): void {
  const problem = passwordProblem(password, owner);
  if (problem) throw new AppError('password_policy', `the password ${problem}`, { errors: [{ path: field, message: problem }] });
}
