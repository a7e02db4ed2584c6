import type { IdentityDb } from './client';
import { RevocationStore, type RevocationRecord } from './revocation-store';

/** Refresh-token families: one family per sign-in, one row per issued token (only its hash is kept). */
export class SessionStore {
  constructor(private readonly db: IdentityDb) {}

  issue(data: { userId: string; familyId: string; profileId: string | null; tokenHash: string; expiresAt: Date }) {
    return this.db.refreshToken.create({ data });
  }

  findByHash(tokenHash: string) {
    return this.db.refreshToken.findUnique({ where: { tokenHash }, include: { user: true } });
  }

  /**
   * Marks a token used, atomically: of two concurrent refreshes with the same token only one wins;
   * the other sees `false` and is treated as reuse.
   */
  async markRotated(id: string, now: Date): Promise<boolean> {
    const { count } = await this.db.refreshToken.updateMany({
      where: { id, rotatedAt: null, revokedAt: null },
      data: { rotatedAt: now },
    });
    return count === 1;
  }

  /** Ends a sign-in session: its refresh tokens, and (recorded in the same transaction) its access tokens. */
  async revokeFamily(familyId: string, now: Date, reason: RevocationRecord['reason'], accessTokensUntil: Date): Promise<RevocationRecord> {
    const revocation: RevocationRecord = { kind: 'SESSION', subject: familyId, version: null, reason, expiresAt: accessTokensUntil };
    await this.db.$transaction(async (tx) => {
      await tx.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: now } });
      await RevocationStore.record(tx, [revocation]);
    });
    return revocation;
  }
}
