import { type ErrorCode } from '@gradeline/contracts';
import { AppError } from '@gradeline/kit';
import { UniqueConstraintViolationException } from '@mikro-orm/core';

/**
 * Runs a write and turns a unique-constraint race (two admins creating the same username at the
 * same moment) into the same 409 the service answers when it sees the clash itself.
 */
export async function mapUniqueViolations<T>(work: () => Promise<T>, answers: Record<string, [ErrorCode, string]>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      const answer = answers[(error as unknown as { constraint?: string }).constraint ?? ''];
      if (answer) throw new AppError(answer[0], answer[1]);
      throw new AppError('conflict', 'this clashes with something that exists');
    }
    throw error;
  }
}

export const USER_UNIQUES: Record<string, [ErrorCode, string]> = {
  user_username_unique: ['username_taken', 'this username is already used in this school'],
  user_email_unique: ['email_taken', 'this email address is already used in this school'],
  user_student_unique: ['conflict', 'this student already has an account'],
};
