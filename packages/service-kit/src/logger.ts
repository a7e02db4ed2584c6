import pino, { type Logger } from 'pino';
import { setVariables } from './config';

export type { Logger };

/** Structured JSON logs, one logger per service; request-scoped children carry the request id. */
export function createLogger(service: string, level = setVariables().LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: service, level, base: { service } });
}
