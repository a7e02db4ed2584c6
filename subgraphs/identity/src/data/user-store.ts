import { AUDIT_ORDER, auditWhere, cursorCodec, likeLiteral, recordAudit, recordEvent, setVariables, type AuditActor, type AuditQuery, type Role } from '@tvstream/service-kit';
import type { IdentityDb, Prisma } from './client';
import { userEvent } from '../events/user-events';
import { RevocationStore, type RevocationRecord } from './revocation-store';

type Tx = Prisma.TransactionClient;

export const userWithProfiles = { profiles: { orderBy: { createdAt: 'asc' } } } as const;
export type UserRecord = Prisma.UserGetPayload<{ include: typeof userWithProfiles }>;

/** Who changes an account: the administrator, as the access token proves it (service-kit audit.ts). */
export type AuditContext = AuditActor;

const USER_CURSOR = cursorCodec(['instant', 'uuid']);
export const userCursor = (u: { createdAt: Date; id: string }) => USER_CURSOR.encode([u.createdAt, u.id]);

/** Accounts and profiles. Every change bumps the user's version and writes its event in the same transaction. */
export class UserStore {
  constructor(private readonly db: IdentityDb) {}

  findById(id: string) {
    return this.db.user.findUnique({ where: { id }, include: userWithProfiles });
  }

  findByEmail(email: string) {
    return this.db.user.findUnique({ where: { email }, include: userWithProfiles });
  }

  findManyByIds(ids: readonly string[]) {
    return this.db.user.findMany({ where: { id: { in: [...ids] } }, include: userWithProfiles });
  }

  /**
   * Runs `work` while holding a lock shared by every identity replica (a transaction-scoped advisory lock),
   * so replicas starting together do one-time work once. `work` runs its own queries beside the lock's.
   */
  exclusively<T>(lockName: string, work: () => Promise<T>): Promise<T> {
    // A one-connection pool (the embedded PostgreSQL of `npm start`, which serves one session and so one
    // replica) cannot hold the lock and run `work` beside it: the lock would wait on itself until it expires.
    if (Number(setVariables().DATABASE_POOL_MAX) === 1) return work();
    return this.db.$transaction(
      async (lock) => {
        await lock.$queryRawUnsafe(`SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext($1))) AS locked`, lockName);
        return work();
      },
      { maxWait: 15_000, timeout: 60_000 },
    );
  }

  async anyWithRole(role: Role): Promise<boolean> {
    return (await this.db.user.count({ where: { roles: { has: role } } })) > 0;
  }

  /** Throws Prisma's P2002 when the email is taken; the caller turns it into CONFLICT. */
  create(data: { email: string; passwordHash: string; displayName: string }) {
    return this.db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { ...data, profiles: { create: { name: data.displayName, maxMaturity: 18 } } },
        include: userWithProfiles,
      });
      await recordEvent(tx, userEvent('user.created', user));
      return user;
    });
  }

  list(filter: { emailContains?: string | null; role?: Role | null }, size: number, after?: string | null) {
    const where: Prisma.UserWhereInput = {
      ...(filter.emailContains ? { email: { contains: likeLiteral(filter.emailContains.toLowerCase()) } } : {}),
      ...(filter.role ? { roles: { has: filter.role } } : {}),
    };
    if (after) {
      const [at, id] = USER_CURSOR.decode(after);
      where.OR = [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }];
    }
    return this.db.user.findMany({
      where,
      include: userWithProfiles,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: size + 1,
    });
  }

  setRoles(userId: string, roles: Role[], audit: AuditContext) {
    return this.db.$transaction(async (tx) => {
      const before = await tx.user.findUniqueOrThrow({ where: { id: userId } });
      const user = await tx.user.update({
        where: { id: userId },
        data: { roles, version: { increment: 1 } },
        include: userWithProfiles,
      });
      await this.audit(tx, audit, 'user.setRoles', userId, { from: before.roles, to: roles });
      await recordEvent(tx, userEvent('user.updated', user));
      return user;
    });
  }

  /**
   * Disabling revokes every refresh token and, recorded in the same transaction, every access token issued
   * before this version of the account.
   */
  disable(userId: string, audit: AuditContext, now: Date, accessTokensUntil: Date) {
    return this.db.$transaction(async (tx) => {
      const user = await tx.user.update({
        where: { id: userId },
        data: { disabledAt: now, version: { increment: 1 } },
        include: userWithProfiles,
      });
      await tx.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
      const revocation: RevocationRecord = { kind: 'USER', subject: userId, version: user.version, reason: 'disable', expiresAt: accessTokensUntil };
      await RevocationStore.record(tx, [revocation]);
      await this.audit(tx, audit, 'user.disable', userId, {});
      await recordEvent(tx, userEvent('user.disabled', user));
      return { user, revocation };
    });
  }

  /** The new password, and the end of every other session (refresh and access tokens), in one transaction. */
  changePassword(userId: string, passwordHash: string, keepFamilyId: string | null, now: Date, accessTokensUntil: Date) {
    return this.db.$transaction(async (tx) => {
      const user = await tx.user.update({
        where: { id: userId },
        data: { passwordHash, version: { increment: 1 } },
        include: userWithProfiles,
      });
      const others = { userId, revokedAt: null, ...(keepFamilyId ? { NOT: { familyId: keepFamilyId } } : {}) };
      const revoked = await tx.refreshToken.findMany({ where: others, select: { familyId: true }, distinct: ['familyId'] });
      await tx.refreshToken.updateMany({ where: others, data: { revokedAt: now } });
      const revocations = revoked.map(
        (token): RevocationRecord => ({ kind: 'SESSION', subject: token.familyId, version: null, reason: 'password-change', expiresAt: accessTokensUntil }),
      );
      await RevocationStore.record(tx, revocations);
      await recordEvent(tx, userEvent('user.updated', user));
      return { user, revocations };
    });
  }

  createProfile(userId: string, name: string, maxMaturity: number, language: string | null) {
    return this.db.$transaction(async (tx) => {
      const profile = await tx.profile.create({ data: { userId, name, maxMaturity, language } });
      await this.profilesChanged(tx, userId);
      return profile;
    });
  }

  /** Changes one of the account's profiles; null when the account has no such profile. */
  updateProfile(userId: string, profileId: string, changes: { name?: string; language?: string | null }) {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.profile.updateMany({ where: { id: profileId, userId }, data: changes });
      if (count === 0) return null;
      await this.profilesChanged(tx, userId);
      return tx.profile.findUniqueOrThrow({ where: { id: profileId } });
    });
  }

  private async profilesChanged(tx: Tx, userId: string) {
    const user = await tx.user.update({
      where: { id: userId },
      data: { version: { increment: 1 } },
      include: userWithProfiles,
    });
    await recordEvent(tx, userEvent('user.updated', user));
  }

  /**
   * Identity's own entries, newest first. An entry older than the access tokens' email claim has no email:
   * the actor's current email matches it instead.
   */
  async auditLog(query: AuditQuery) {
    const { actorEmail, ...where } = auditWhere(query);
    const filter: Prisma.AuditEntryWhereInput = { ...where };
    if (actorEmail) {
      const actors = await this.db.user.findMany({ where: { email: { contains: likeLiteral(query.actorEmailContains!) } }, select: { id: true } });
      filter.OR = [{ actorEmail }, { actorEmail: null, actorId: { in: actors.map((a) => a.id) } }];
    }
    return this.db.auditEntry.findMany({ where: filter, orderBy: AUDIT_ORDER, take: query.first });
  }

  private audit(tx: Tx, actor: AuditContext, action: string, targetId: string, details: object) {
    return recordAudit(tx, actor, { action, targetId, details });
  }
}
