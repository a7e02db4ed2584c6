import { badInput } from './errors';

/**
 * Rules with clocks (rentals, subscriptions, the guide) read "now" once per request. Outside production a
 * test may set it with this header, when the service allows it (ALLOW_CLOCK_OVERRIDE), so a 48-hour rental
 * window is tested without waiting 48 hours. Production ignores the header whatever the setting.
 */
export const CLOCK_HEADER = 'x-clock-now';

export function clockOverrideAllowed(config: { NODE_ENV: string; ALLOW_CLOCK_OVERRIDE: boolean }): boolean {
  return config.ALLOW_CLOCK_OVERRIDE && config.NODE_ENV !== 'production';
}

export function requestClock(header: string | string[] | undefined, allowed: boolean, now: () => Date = () => new Date()): Date {
  const value = Array.isArray(header) ? header[0] : header;
  if (!allowed || !value) return now();
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw badInput(`${CLOCK_HEADER} must be an ISO 8601 instant`);
  return at;
}
