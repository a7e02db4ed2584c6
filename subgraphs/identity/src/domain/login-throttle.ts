import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { rateLimited } from '@tvstream/service-kit';

/** The limiters of rate-limiter-flexible's login-protection pattern, plus the per-address limits of other sign-in calls. */
export interface SignInLimiters {
  /** Every sign-in attempt from an address (credential stuffing across many accounts). */
  perIp: RateLimiterAbstract;
  /** Consecutive failures of one account from one address: the attacker's address is stopped, not the owner's. */
  perAccountAndIp: RateLimiterAbstract;
  /** Failures of one account from anywhere, slower: stops guessing spread over many addresses. */
  perAccount: RateLimiterAbstract;
  /** Addresses an account signed in from before; the per-account limit does not apply to them. */
  knownAddresses: RateLimiterAbstract;
  /** Accounts created per address. */
  registrations: RateLimiterAbstract;
  /** Refresh-token exchanges per address. */
  refreshes: RateLimiterAbstract;
}

/** How long an address an account signed in from stays known (under the in-process store's 24.8-day timer limit). */
export const KNOWN_ADDRESS_SECONDS = 21 * 24 * 3600;

/** What `beforeAttempt` took, given back by `succeeded`. */
export interface Attempt {
  email: string;
  ip: string;
  knownAddress: boolean;
}

/**
 * Sign-in throttling. Points are consumed before the password is checked, so parallel guesses cannot all pass
 * a check-then-count gap (at most the configured number are ever verified), and given back when the password
 * was right. An account's owner signing in from an address they used before is never stopped by failures
 * elsewhere: those count per account and address, and the slower account-wide limit skips known addresses.
 */
export class LoginThrottle {
  constructor(private readonly limiters: SignInLimiters) {}

  async beforeAttempt(email: string, ip: string): Promise<Attempt> {
    await consume(this.limiters.perIp, ip, 'Too many sign-in attempts from this address');
    await consume(this.limiters.perAccountAndIp, accountAtAddress(email, ip), 'Too many failed sign-ins for this account from this address');
    const knownAddress = (await this.limiters.knownAddresses.get(accountAtAddress(email, ip))) !== null;
    if (!knownAddress) {
      try {
        await consume(this.limiters.perAccount, email, 'Too many failed sign-ins for this account; try again later from a device you used before');
      } catch (refusal) {
        await this.limiters.perAccountAndIp.reward(accountAtAddress(email, ip), 1);
        throw refusal;
      }
    }
    return { email, ip, knownAddress };
  }

  /** The password was right: the failures before it were the owner's, and this address is now known. */
  async succeeded(attempt: Attempt): Promise<void> {
    const key = accountAtAddress(attempt.email, attempt.ip);
    await this.limiters.perAccountAndIp.delete(key);
    if (!attempt.knownAddress) await this.limiters.perAccount.reward(attempt.email, 1);
    await this.limiters.knownAddresses.set(key, 1, KNOWN_ADDRESS_SECONDS);
  }

  async beforeRegistration(ip: string): Promise<void> {
    await consume(this.limiters.registrations, ip, 'Too many accounts created from this address');
  }

  async beforeRefresh(ip: string): Promise<void> {
    await consume(this.limiters.refreshes, ip, 'Too many session refreshes from this address');
  }
}

const accountAtAddress = (email: string, ip: string) => `${email}|${ip}`;

async function consume(limiter: RateLimiterAbstract, key: string, message: string) {
  try {
    await limiter.consume(key, 1);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw rateLimited(message, Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}
