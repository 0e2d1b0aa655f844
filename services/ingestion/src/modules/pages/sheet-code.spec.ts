import { encodeSheetCode } from '@gradeline/contracts';
import { tenantGuardOf } from '@gradeline/pdf';
import { classifyCode } from './sheet-code';

const tenantId = '7d0b6a4e-2f51-4a8c-9b3e-1c2d3e4f5a6b';
const examId = '3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const studentId = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const text = (over: { tenantGuard?: string; examId?: string } = {}) =>
  encodeSheetCode({ tenantGuard: tenantGuardOf(tenantId), examId, slot: 7, page: 2, studentId, ...over });

describe('classifyCode', () => {
  it("reads this school's code for this exam", () => {
    expect(classifyCode(text(), tenantId, examId)).toEqual({ codeStatus: 'valid', codeSlot: 7, codePage: 2, codeStudentId: studentId });
  });

  it('marks a code of another school or another exam as foreign', () => {
    expect(classifyCode(text({ tenantGuard: tenantGuardOf('another-school') }), tenantId, examId).codeStatus).toBe('foreign');
    expect(classifyCode(text({ examId: studentId }), tenantId, examId).codeStatus).toBe('foreign');
  });

  it('counts a QR code that is not a sheet code, or none, as no code', () => {
    expect(classifyCode('https://example.org/', tenantId, examId).codeStatus).toBe('none');
    expect(classifyCode(null, tenantId, examId).codeStatus).toBe('none');
  });
});
