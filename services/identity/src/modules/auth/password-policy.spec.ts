import { passwordProblem } from './password-policy';

const owner = { username: 'camille.martin', email: 'camille.martin@college.example.org' };

describe('the password policy', () => {
  it('accepts a long passphrase that is nobody’s name', () => {
    expect(passwordProblem('violet harbour tomato 42', owner)).toBeNull();
  });

  it('refuses fewer than 12 characters, counting accented letters once', () => {
    expect(passwordProblem('short-pw-11', owner)).toMatch(/at least 12/);
    expect(passwordProblem('éèêëàâäôöûüç', owner)).toBeNull();
    expect(passwordProblem('e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301', owner)).toMatch(/at least 12/);
  });

  it('refuses the username or the email, in any case', () => {
    expect(passwordProblem('CAMILLE.MARTIN', owner)).toMatch(/username/);
    expect(passwordProblem('Camille.Martin-2024', { username: 'camille.martin-2024', email: null })).toMatch(/username/);
    expect(passwordProblem('Camille.Martin@College.example.org', owner)).toMatch(/email/);
  });

  it('refuses common passwords from the shipped list, whatever the case', () => {
    expect(passwordProblem('123456789012', owner)).toMatch(/common/);
    expect(passwordProblem('QWERTY123456', owner)).toMatch(/common/);
  });
});
