import type { Viewer } from '@tvstream/service-kit';
import { checkCanDisable, checkLanguageTag, checkMaturity, nextRoles, normalizeEmail } from './accounts';
import { checkPasswordStrength, hashPassword, verifyPassword } from './passwords';

const admin: Viewer = { userId: 'admin-1', roles: ['VIEWER', 'ADMIN'], profileId: null, maxMaturity: 18 };
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as { extensions: { code: string } }).extensions.code;
  }
};

describe('role changes', () => {
  test('VIEWER is always kept and roles come back in a fixed order', () => {
    expect(nextRoles(admin, 'user-2', ['ADMIN', 'EDITOR'])).toEqual(['VIEWER', 'EDITOR', 'ADMIN']);
    expect(nextRoles(admin, 'user-2', [])).toEqual(['VIEWER']);
  });

  test('an admin cannot drop their own ADMIN role', () => {
    expect(codeOf(() => nextRoles(admin, 'admin-1', ['EDITOR']))).toBe('FORBIDDEN');
    expect(nextRoles(admin, 'admin-1', ['ADMIN'])).toEqual(['VIEWER', 'ADMIN']);
  });

  test('unknown roles are bad input', () => {
    expect(codeOf(() => nextRoles(admin, 'user-2', ['SUPERUSER']))).toBe('BAD_USER_INPUT');
  });

  test('an admin cannot disable their own account', () => {
    expect(codeOf(() => checkCanDisable(admin, 'admin-1'))).toBe('FORBIDDEN');
    expect(codeOf(() => checkCanDisable(admin, 'user-2'))).toBe('ok');
  });
});

describe('account input rules', () => {
  test('emails are normalized and validated', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
    expect(codeOf(() => normalizeEmail('not-an-email'))).toBe('BAD_USER_INPUT');
  });

  test('maturity limits are the rating ladder', () => {
    expect(checkMaturity(12)).toBe(12);
    expect(codeOf(() => checkMaturity(13))).toBe('BAD_USER_INPUT');
  });

  test('a profile language is a BCP 47 tag in its canonical case; blank clears it; anything else is refused', () => {
    expect([checkLanguageTag('fr'), checkLanguageTag(' pt-br '), checkLanguageTag('zh-hant-tw')]).toEqual(['fr', 'pt-BR', 'zh-Hant-TW']);
    expect([checkLanguageTag(null), checkLanguageTag('  ')]).toEqual([null, null]);
    for (const bad of ['french', 'en_GB', 'en--GB', 'x-klingon', '12', `en-${'a'.repeat(40)}`])
      expect([bad, codeOf(() => checkLanguageTag(bad))]).toEqual([bad, 'BAD_USER_INPUT']);
  });

  test('weak passwords are refused, long passphrases accepted', () => {
    expect(codeOf(() => checkPasswordStrength('short'))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => checkPasswordStrength('password1'))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => checkPasswordStrength('aaaaaaaaaaaa'))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => checkPasswordStrength('correct horse battery staple'))).toBe('ok');
  });

  test('scrypt hashes verify only the right password', async () => {
    const hash = await hashPassword('correct horse battery staple', { N: 1024, r: 8, p: 1 });
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('wrong horse battery staple', hash)).toBe(false);
  });
});
