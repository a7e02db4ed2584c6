import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';

/** The error codes clients can rely on; every refusal the API makes carries one in `extensions.code`. */
export type ErrorCode =
  'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'RATE_LIMITED' | 'SERVICE_UNAVAILABLE' | 'INTERNAL_SERVER_ERROR';

export interface FieldError {
  field: string;
  message: string;
}

function coded(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export const unauthenticated = (message = 'Authentication required') => coded('UNAUTHENTICATED', message);
/** `reason` tells apps which refusal it is (e.g. NOT_ENTITLED, STREAM_LIMIT_REACHED) beyond the code. */
export const forbidden = (message = 'You are not allowed to do this', reason?: string, extra: Record<string, unknown> = {}) =>
  coded('FORBIDDEN', message, reason ? { reason, ...extra } : extra);
export const notFound = (what: string, id?: string) => coded('NOT_FOUND', id ? `${what} ${id} was not found` : `${what} was not found`);
export const conflict = (message: string, reason?: string) => coded('CONFLICT', message, reason ? { reason } : {});
export const rateLimited = (message: string, retryAfterSeconds: number) => coded('RATE_LIMITED', message, { retryAfterSeconds });
/** A service this one depends on is slow or down (restarting, shutting down, too slow); `reason` says which failure, and the same request may be sent again. */
export const serviceUnavailable = (message: string, reason: string, extra: Record<string, unknown> = {}) =>
  coded('SERVICE_UNAVAILABLE', message, { reason, ...extra });
/** Invalid input; `fieldErrors` lets a form highlight each offending field. */
export const badInput = (message: string, fieldErrors: FieldError[] = [], reason?: string) =>
  coded('BAD_USER_INPUT', message, { ...(fieldErrors.length ? { fieldErrors } : {}), ...(reason ? { reason } : {}) });

const KNOWN_CODES = new Set<string>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * Error masking for responses. Errors we raised on purpose keep their message and code; anything else
 * (a database error, a bug) becomes a generic internal error, so neither SQL nor stack traces reach clients.
 * In development the original message is kept to make debugging bearable, stack traces never leave.
 */
export function formatError(formatted: GraphQLFormattedError, production: boolean, error?: unknown): GraphQLFormattedError {
  const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : 'INTERNAL_SERVER_ERROR';
  const { stacktrace: _stack, exception: _exception, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  if (KNOWN_CODES.has(code)) return { ...formatted, extensions: { ...extensions, code } };
  const retryable = (message: string, reason: string) => ({
    message,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'SERVICE_UNAVAILABLE', reason },
  });
  if (isOverload(error)) return retryable('The service is too busy to answer right now; send the same request again', 'BUSY');
  if (isWriteConflict(error))
    return retryable('Another change to the same data was made at the same moment and nothing was written; send the same request again', 'CONCURRENT_CHANGE');
  return {
    message: production ? 'Internal server error' : formatted.message,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/**
 * The database had no connection or transaction slot free in time (Prisma P2028, pg-pool's connect timeout):
 * nothing was written, and the same request can succeed a moment later, so the client is told to retry
 * instead of being shown an internal error. It is still logged as unexpected.
 */
function isOverload(error: unknown): boolean {
  const cause = causeOf(error);
  if (!cause) return false;
  return cause.code === 'P2028' || /timeout exceeded when trying to connect|terminated due to connection timeout/i.test(cause.message);
}

/**
 * PostgreSQL gave up one of two transactions that waited on each other (a deadlock, or a serialization
 * failure: Prisma's P2034). Its writes were rolled back whole, so the client may send it again. The
 * writes the services know to collide lock their rows first; this covers the ones nobody foresaw, which are
 * still logged as unexpected.
 */
function isWriteConflict(error: unknown): boolean {
  return causeOf(error)?.code === 'P2034';
}

/** What a resolver threw (Apollo wraps it in a GraphQLError), with the code Prisma and pg give their errors. */
function causeOf(error: unknown): (Error & { code?: unknown }) | null {
  const cause = error instanceof GraphQLError ? error.originalError : error;
  return cause instanceof Error ? cause : null;
}

/**
 * Every error the response masks is logged once, where it happened, with what an operator needs to find it:
 * the request id (the gateway forwards it to the subgraphs), the operation, the path and the stack. Errors
 * the gateway received from a subgraph (`serviceName`) were logged by that subgraph already.
 */
export function maskedErrorLogPlugin(log: Logger): ApolloServerPlugin<{ requestId?: string }> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, operationName, contextValue }) {
          for (const error of errors) {
            if (KNOWN_CODES.has(String(error.extensions?.code)) || error.extensions?.serviceName) continue;
            const cause = error.originalError ?? error;
            log.error(
              {
                requestId: contextValue?.requestId,
                operationName: operationName ?? null,
                path: error.path ?? null,
                err: { message: cause.message, stack: cause.stack },
              },
              'unexpected error (masked in the response)',
            );
          }
        },
      };
    },
  };
}
