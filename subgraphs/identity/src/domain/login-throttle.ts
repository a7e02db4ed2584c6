import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { rateLimited } from '@tvstream/service-kit';

/**
 * Login throttling on two keys. Per IP, every attempt counts (slows credential stuffing across many
 * accounts); per account, only failures count (slows guessing one password without locking out the owner
 * once they succeed).
 */
export class LoginThrottle {
  constructor(
    private readonly perIp: RateLimiterAbstract,
    private readonly perAccountFailures: RateLimiterAbstract,
  ) {}

  async beforeAttempt(email: string, ip: string): Promise<void> {
    await this.consume(this.perIp, `ip:${ip}`, 'Too many sign-in attempts from this address');
    const failures = await this.perAccountFailures.get(`acct:${email}`);
    if (failures && failures.remainingPoints <= 0) {
      throw rateLimited('Too many failed sign-ins for this account', Math.ceil(failures.msBeforeNext / 1000));
    }
  }

  async recordFailure(email: string): Promise<void> {
    await this.perAccountFailures.penalty(`acct:${email}`, 1);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.perAccountFailures.delete(`acct:${email}`);
  }

  private async consume(limiter: RateLimiterAbstract, key: string, message: string) {
    try {
      await limiter.consume(key, 1);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rateLimited(message, Math.ceil(rejection.msBeforeNext / 1000));
      throw rejection;
    }
  }
}
