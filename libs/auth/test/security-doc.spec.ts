import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Permission, rolesByPermission } from '../src';

const ROLES = ['platform_admin', 'admin', 'teacher', 'student'] as const;

describe('docs/security.md', () => {
  it('shows the same role → permission matrix as the code', () => {
    const doc = readFileSync(path.join(__dirname, '../../../docs/security.md'), 'utf8');
    const rows = doc
      .split('\n')
      .filter((line) => /^\| `[a-z:-]+` \|/.test(line))
      .map((line) => {
        const cells = line.split('|').slice(1, -1).map((c) => c.trim());
        return { permission: cells[0]!.replaceAll('`', ''), roles: ROLES.filter((_, i) => cells[i + 1] === '✓') };
      });
    const code = Permission.options.map((permission) => ({ permission, roles: ROLES.filter((r) => rolesByPermission[permission].includes(r)) }));
    expect(rows).toEqual(code);
  });
});
