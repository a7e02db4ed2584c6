import { clockOverrideAllowed, requestClock } from './clock';

describe('request clock', () => {
  const fixed = () => new Date('2026-01-01T00:00:00Z');

  it('uses the header only when allowed', () => {
    expect(requestClock('2030-05-01T10:00:00Z', true, fixed).toISOString()).toBe('2030-05-01T10:00:00.000Z');
    expect(requestClock('2030-05-01T10:00:00Z', false, fixed).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(requestClock(undefined, true, fixed).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('refuses a malformed instant with BAD_USER_INPUT', () => {
    expect(() => requestClock('yesterday', true, fixed)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } }));
  });

  it('is never allowed in production', () => {
    expect(clockOverrideAllowed({ NODE_ENV: 'production', ALLOW_CLOCK_OVERRIDE: true })).toBe(false);
    expect(clockOverrideAllowed({ NODE_ENV: 'test', ALLOW_CLOCK_OVERRIDE: true })).toBe(true);
  });
});
