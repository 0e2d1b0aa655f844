import { tenantGuardOf } from './tenant-guard';

describe('tenantGuardOf', () => {
  it('is 8 hex digits, stable for a tenant and different between tenants', () => {
    const a = tenantGuardOf('0b7c1f52-6f9e-4d3a-9a55-1c2d3e4f5a6b');
    expect(a).toMatch(/^[0-9a-f]{8}$/);
    expect(tenantGuardOf('0b7c1f52-6f9e-4d3a-9a55-1c2d3e4f5a6b')).toBe(a);
    expect(tenantGuardOf('5e0d7a11-2b3c-4d5e-8f90-a1b2c3d4e5f6')).not.toBe(a);
  });
});
