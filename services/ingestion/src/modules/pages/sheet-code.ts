import { decodeSheetCode } from '@gradeline/contracts';
import { tenantGuardOf } from '@gradeline/pdf';
import { type CodeStatus } from './page.entity';

export interface PageCode {
  codeStatus: CodeStatus;
  codeSlot: number | null;
  codePage: number | null;
  codeStudentId: string | null;
}

const NONE: PageCode = { codeStatus: 'none', codeSlot: null, codePage: null, codeStudentId: null };

/**
 * What a QR text means for this batch. A code printed for another school or another exam is
 * `foreign`: such a page is never placed, whatever its slot says. A QR that is not a sheet code
 * at all (a link printed on the paper) counts as no code.
 */
export function classifyCode(text: string | null, tenantId: string, examId: string): PageCode {
  const code = text === null ? null : decodeSheetCode(text);
  if (!code) return NONE;
  const ours = code.tenantGuard === tenantGuardOf(tenantId) && code.examId === examId;
  return { codeStatus: ours ? 'valid' : 'foreign', codeSlot: code.slot, codePage: code.page, codeStudentId: code.studentId };
}
