import type { IdentityDb } from './client';

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

  async revokeFamily(familyId: string, now: Date): Promise<void> {
    await this.db.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: now } });
  }
}
