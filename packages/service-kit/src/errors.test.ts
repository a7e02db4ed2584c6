import { formatError } from './errors';

describe('error masking', () => {
  test('coded errors keep their message and code, never a stack trace', () => {
    const formatted = formatError({ message: 'Email taken', extensions: { code: 'CONFLICT', stacktrace: ['at x'] } }, true);
    expect(formatted).toEqual({ message: 'Email taken', extensions: { code: 'CONFLICT' } });
  });

  test('unexpected errors hide their message in production', () => {
    const formatted = formatError({ message: 'relation "identity.User" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at pg'] } }, true);
    expect(formatted).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' }, locations: undefined, path: undefined });
  });

  test('in development the message stays but the stack does not', () => {
    const formatted = formatError({ message: 'boom', extensions: { stacktrace: ['at x'] } }, false);
    expect(formatted.message).toBe('boom');
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});
