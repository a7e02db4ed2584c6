import { randomUUID } from 'node:crypto';
import { conflict, forbidden, isUuid, notFound, unauthenticated, type Revocation, type Role, type Viewer } from '@tvstream/service-kit';
import { checkCanDisable, checkDisplayName, checkLanguageTag, checkMaturity, nextRoles, normalizeEmail } from './domain/accounts';
import { checkPasswordStrength, hashPassword, verifyPassword, UNKNOWN_ACCOUNT_HASH, type ScryptCost } from './domain/passwords';
import { decideRefresh, hashRefreshToken, newRefreshToken } from './domain/refresh-tokens';
import { signAccessToken, type SigningKeySet, type TokenPolicy } from './domain/signing-keys';
import type { LoginThrottle } from './domain/login-throttle';
import type { AuditContext, UserRecord, UserStore } from './data/user-store';
import type { SessionStore } from './data/session-store';

export interface AccountManagerDeps {
  users: UserStore;
  sessions: SessionStore;
  keys: SigningKeySet;
  tokenPolicy: TokenPolicy;
  refreshTtlSeconds: number;
  throttle: LoginThrottle;
  /**
   * Revocations are recorded in the database with the change that causes them (the feed every service reads);
   * this copies them into Redis at once when there is one (see RevocationCopier).
   */
  revocations: { copy(revocations: Revocation[]): Promise<void> };
  passwordCost?: ScryptCost;
  now?: () => Date;
}

export interface AuthResult {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  user: UserRecord;
  profile: UserRecord['profiles'][number] | null;
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === 'P2002';

/** Sign-up, sign-in, sessions and account administration: the rules live in domain/, the I/O in data/. */
export class AccountManager {
  private readonly now: () => Date;

  constructor(private readonly deps: AccountManagerDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async register(input: { email: string; password: string; displayName: string }, ip: string): Promise<AuthResult> {
    await this.deps.throttle.beforeRegistration(ip);
    const email = normalizeEmail(input.email);
    const displayName = checkDisplayName(input.displayName);
    checkPasswordStrength(input.password, 'password', [email, displayName]);
    const passwordHash = await hashPassword(input.password, this.deps.passwordCost);
    try {
      const user = await this.deps.users.create({ email, passwordHash, displayName });
      return await this.startSession(user, randomUUID(), null);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('An account with this email already exists');
      throw error;
    }
  }

  /**
   * The first administrator of a fresh installation; a no-op once any ADMIN exists. Replicas starting
   * together take turns, so the account, its roles and their events are written once.
   */
  async ensureBootstrapAdmin(email: string, password: string): Promise<void> {
    checkPasswordStrength(password, 'BOOTSTRAP_ADMIN_PASSWORD', [email]);
    await this.deps.users.exclusively('identity:bootstrap-admin', async () => {
      if (await this.deps.users.anyWithRole('ADMIN')) return;
      const normalized = normalizeEmail(email);
      const existing = await this.deps.users.findByEmail(normalized);
      const user =
        existing ??
        (await this.deps.users.create({
          email: normalized,
          passwordHash: await hashPassword(password, this.deps.passwordCost),
          displayName: 'Administrator',
        }));
      await this.deps.users.setRoles(user.id, ['VIEWER', 'ADMIN'], { actorId: user.id, actorEmail: normalized, requestId: 'bootstrap' });
    });
  }

  async login(rawEmail: string, password: string, ip: string): Promise<AuthResult> {
    const email = rawEmail.trim().toLowerCase();
    const attempt = await this.deps.throttle.beforeAttempt(email, ip);
    const user = await this.deps.users.findByEmail(email);
    // Hash even for unknown accounts so response time does not reveal which emails are registered.
    const valid = await verifyPassword(password, user?.passwordHash ?? UNKNOWN_ACCOUNT_HASH);
    if (!user || !valid) throw unauthenticated('Wrong email or password');
    await this.deps.throttle.succeeded(attempt);
    if (user.disabledAt) throw unauthenticated('This account is disabled');
    return this.startSession(user, randomUUID(), null);
  }

  async refresh(presented: string, ip: string, switchToProfileId?: string): Promise<AuthResult> {
    await this.deps.throttle.beforeRefresh(ip);
    const now = this.now();
    const stored = await this.deps.sessions.findByHash(hashRefreshToken(presented));
    const decision = decideRefresh(stored, stored ? { disabled: !!stored.user.disabledAt } : null, now);
    if (decision.action === 'reject') {
      if (decision.revokeFamily && stored) {
        const reason = stored.user.disabledAt ? 'disable' : 'refresh-reuse';
        await this.deps.revocations.copy([await this.deps.sessions.revokeFamily(stored.familyId, now, reason, this.accessTokensUntil())]);
      }
      throw unauthenticated(decision.reason);
    }
    const token = stored!;
    const user = (await this.deps.users.findById(token.userId))!;
    // A wrong profile id is the caller's mistake, not token theft: refuse it while the token still works.
    if (switchToProfileId !== undefined && !user.profiles.some((p) => p.id === switchToProfileId)) {
      throw notFound('Profile', switchToProfileId);
    }
    if (!(await this.deps.sessions.markRotated(token.id, now))) {
      await this.deps.revocations.copy([await this.deps.sessions.revokeFamily(token.familyId, now, 'refresh-reuse', this.accessTokensUntil())]);
      throw unauthenticated('Refresh token was already used; the session is revoked');
    }
    return this.startSession(user, token.familyId, switchToProfileId ?? token.profileId);
  }

  async logout(presented: string): Promise<boolean> {
    const stored = await this.deps.sessions.findByHash(hashRefreshToken(presented));
    if (!stored) return false;
    await this.deps.revocations.copy([await this.deps.sessions.revokeFamily(stored.familyId, this.now(), 'logout', this.accessTokensUntil())]);
    return true;
  }

  async changePassword(viewer: Viewer, currentPassword: string, newPassword: string): Promise<boolean> {
    const user = await this.requireUser(viewer.userId);
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      throw forbidden('Current password is wrong');
    }
    checkPasswordStrength(newPassword, 'newPassword', [user.email, user.displayName]);
    const changed = await this.deps.users.changePassword(
      user.id,
      await hashPassword(newPassword, this.deps.passwordCost),
      viewer.sessionId ?? null,
      this.now(),
      this.accessTokensUntil(),
    );
    // The caller's own sign-in stays; the access tokens of every other one stop everywhere within seconds.
    await this.deps.revocations.copy(changed.revocations);
    return true;
  }

  async createProfile(viewer: Viewer, name: string, maxMaturity: number, language: string | null) {
    return this.deps.users.createProfile(viewer.userId, checkDisplayName(name), checkMaturity(maxMaturity), checkLanguageTag(language));
  }

  /** Only the account's own profiles: another account's is NOT_FOUND, as if it did not exist. */
  async updateProfile(viewer: Viewer, profileId: string, input: { name?: string | null; language?: string | null }) {
    const changes = {
      ...(input.name != null ? { name: checkDisplayName(input.name) } : {}),
      ...(input.language !== undefined ? { language: checkLanguageTag(input.language) } : {}),
    };
    const profile = isUuid(profileId) ? await this.deps.users.updateProfile(viewer.userId, profileId, changes) : null;
    if (!profile) throw notFound('Profile', profileId);
    return profile;
  }

  async setRoles(actor: Viewer, userId: string, roles: Role[], audit: AuditContext) {
    const next = nextRoles(actor, userId, roles);
    await this.requireUser(userId);
    return this.deps.users.setRoles(userId, next, audit);
  }

  async disable(actor: Viewer, userId: string, audit: AuditContext) {
    checkCanDisable(actor, userId);
    await this.requireUser(userId);
    const disabled = await this.deps.users.disable(userId, audit, this.now(), this.accessTokensUntil());
    await this.deps.revocations.copy([disabled.revocation]);
    return disabled.user;
  }

  /**
   * How long a revocation must be kept: until every access token issued before it has expired (their
   * lifetime, and a minute for the clocks of identity's replicas and of the services checking them).
   */
  private accessTokensUntil() {
    return new Date(this.now().getTime() + (this.deps.tokenPolicy.ttlSeconds + 60) * 1000);
  }

  private async requireUser(id: string) {
    // Account ids are UUIDs: anything else names no account (and must not reach the database's uuid column).
    const user = isUuid(id) ? await this.deps.users.findById(id) : null;
    if (!user) throw notFound('User', id);
    return user;
  }

  private async startSession(user: UserRecord, familyId: string, profileId: string | null): Promise<AuthResult> {
    const profile = user.profiles.find((p) => p.id === profileId) ?? null;
    const { token, hash } = newRefreshToken();
    await this.deps.sessions.issue({
      userId: user.id,
      familyId,
      profileId: profile?.id ?? null,
      tokenHash: hash,
      expiresAt: new Date(this.now().getTime() + this.deps.refreshTtlSeconds * 1000),
    });
    const accessToken = signAccessToken(this.deps.keys, this.deps.tokenPolicy, {
      userId: user.id,
      roles: user.roles,
      profileId: profile?.id ?? null,
      maxMaturity: profile?.maxMaturity ?? 18,
      language: profile?.language ?? null,
      sessionId: familyId,
      accountVersion: user.version,
      email: user.email,
    });
    return { accessToken, expiresIn: this.deps.tokenPolicy.ttlSeconds, refreshToken: token, user, profile };
  }
}
