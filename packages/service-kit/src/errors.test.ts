import { GraphQLError } from 'graphql';
import pino from 'pino';
import { formatError, maskedErrorLogPlugin } from './errors';

describe('error masking', () => {
  test('coded errors keep their message and code, never a stack trace', () => {
    const formatted = formatError({ message: 'Email taken', extensions: { code: 'CONFLICT', stacktrace: ['at x'] } }, true);
    expect(formatted).toEqual({ message: 'Email taken', extensions: { code: 'CONFLICT' } });
  });

  test('unexpected errors hide their message in production', () => {
    const formatted = formatError(
      { message: 'relation "identity.User" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at pg'] } },
      true,
    );
    expect(formatted).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' }, locations: undefined, path: undefined });
  });

  test('in development the message stays but the stack does not', () => {
    const formatted = formatError({ message: 'boom', extensions: { stacktrace: ['at x'] } }, false);
    expect(formatted.message).toBe('boom');
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});

describe('unexpected errors that are not overload', () => {
  test('stay internal', () => {
    const wrapped = new GraphQLError('Internal', { originalError: new Error('relation does not exist') });
    expect(formatError({ message: 'x' }, true, wrapped).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});

describe('masked errors are logged for operators', () => {
  async function logged(errors: GraphQLError[]) {
    const lines: Record<string, unknown>[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const hooks = await maskedErrorLogPlugin(log).requestDidStart!({} as never);
    await (hooks as { didEncounterErrors: (ctx: unknown) => Promise<void> }).didEncounterErrors({
      errors,
      operationName: 'TitlePage',
      contextValue: { requestId: 'req-42' },
    });
    return lines;
  }

  test('an unexpected error is logged once with request id, operation, path and stack', async () => {
    const cause = new Error('invalid input syntax for type uuid: "x"');
    const lines = await logged([new GraphQLError('invalid input syntax for type uuid: "x"', { path: ['title', 'id'], originalError: cause })]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      requestId: 'req-42',
      operationName: 'TitlePage',
      path: ['title', 'id'],
      err: { message: cause.message, stack: cause.stack },
    });
  });

  test('refusals with a code, and errors a subgraph already logged, are not', async () => {
    const lines = await logged([
      new GraphQLError('Sign in', { extensions: { code: 'UNAUTHENTICATED' } }),
      new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'catalog' } }),
    ]);
    expect(lines).toEqual([]);
  });
});
