import { checkPasswordStrength } from './passwords';

const reasonOf = (password: string, personal: string[] = []) => {
  try {
    checkPasswordStrength(password, 'password', personal);
    return 'accepted';
  } catch (error) {
    const { code, fieldErrors } = (error as { extensions: { code: string; fieldErrors: { field: string; message: string }[] } }).extensions;
    expect(code).toBe('BAD_USER_INPUT');
    expect(fieldErrors[0].field).toBe('password');
    return fieldErrors[0].message;
  }
};

describe('password policy (zxcvbn-ts with its common-password dictionaries)', () => {
  test('passwords on every attacker’s first list are refused with the reason', () => {
    expect(reasonOf('password123')).toMatch(/commonly used password/);
    expect(reasonOf('Password1!')).toMatch(/similar to a commonly used password/);
    expect(reasonOf('qwertyuiop[]')).not.toBe('accepted');
  });

  test('a password equal to the account’s email is refused', () => {
    const email = 'jane.doe@example.com';
    expect(reasonOf(email, [email, 'Jane Doe'])).toBe('Do not use your email address or name as your password');
    expect(reasonOf('JANE.DOE@example.com', [email, 'Jane Doe'])).toBe('Do not use your email address or name as your password');
  });

  test('long passphrases pass', () => {
    expect(reasonOf('correct horse battery staple', ['viewer@example.com'])).toBe('accepted');
    expect(reasonOf('a brand new passphrase')).toBe('accepted');
  });
});
