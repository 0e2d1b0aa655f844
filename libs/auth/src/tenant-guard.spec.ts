import { assertSameTenant } from './tenant-guard';

const schoolA = '8d4f3c5e-2b1a-4c6d-9e8f-0a1b2c3d4e5f';
const schoolB = '1e2d3c4b-5a69-4788-8f9e-a0b1c2d3e4f5';

describe('assertSameTenant', () => {
  it("lets a caller reach their own school's things", () => {
    expect(() => assertSameTenant({ tenantId: schoolA }, schoolA)).not.toThrow();
  });

  it("makes another school's things look missing: 404 not_found, never 403", () => {
    expect(() => assertSameTenant({ tenantId: schoolA }, schoolB)).toThrow(expect.objectContaining({ code: 'not_found', status: 404 }));
  });
});
