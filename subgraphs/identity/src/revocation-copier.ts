import type { Logger } from 'pino';
import type { RedisRevocationCopy, Revocation } from '@tvstream/service-kit';
import type { RevocationStore } from './data/revocation-store';

/**
 * Keeps Redis a complete copy of identity."Revocation": each revocation is copied as it is recorded, and
 * whenever Redis has lost identity's marker key (flushed, failed over to an empty replica, restarted without
 * persistence) or a copy failed, every live revocation is copied again before the marker is set back. Until
 * then every service reads the feed instead (see SessionRevocations).
 */
export class RevocationCopier {
  // A fresh start copies everything once: revocations recorded while no identity could reach Redis.
  private incomplete = true;
  private timer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;
  private lastPrune = 0;

  constructor(
    private readonly store: RevocationStore,
    private readonly redis: RedisRevocationCopy | null,
    private readonly log: Logger,
  ) {}

  async copy(revocations: Revocation[]): Promise<void> {
    if (!this.redis) return;
    try {
      await this.redis.write(revocations);
    } catch (err) {
      // Recorded in the database all the same (the feed serves it); Redis gets it at the next sync.
      this.incomplete = true;
      this.log.warn({ err }, 'a revocation could not be copied into Redis; services read the feed until it is');
    }
  }

  sync(): Promise<void> {
    this.syncing ??= this.syncOnce().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async syncOnce() {
    const now = Date.now();
    try {
      if (now - this.lastPrune > 600_000) {
        this.lastPrune = now;
        await this.store.prune(new Date(now));
      }
      if (!this.redis || (!this.incomplete && (await this.redis.hasMarker()))) return;
      // Cleared first: a copy failing while this runs marks it again.
      this.incomplete = false;
      const { revocations } = await this.store.page(null);
      await this.redis.write(revocations);
      await this.redis.setMarker();
      this.log.info({ revocations: revocations.length }, 'revocations copied into Redis');
    } catch (err) {
      this.incomplete = true;
      this.log.warn({ err }, 'revocations could not be copied into Redis; services read the feed meanwhile');
    }
  }

  /** Checks every `intervalMs` that Redis still holds identity's marker (REVOCATION_SYNC_SECONDS). */
  start(intervalMs: number) {
    void this.sync();
    this.timer = setInterval(() => void this.sync(), intervalMs);
    this.timer.unref();
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    await this.syncing;
  }
}
