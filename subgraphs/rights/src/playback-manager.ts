/**
 * Playback authorization: a session starts only for content the viewer is entitled to, within the active
 * profile's maturity limit and under the account's concurrent-stream cap. Starts for one account are
 * serialized by a transaction-scoped advisory lock, so concurrent starts cannot both take the last stream.
 */
import { badInput, conflict, forbidden, isUuid, notFound, recordEvent, type Viewer } from '@tvstream/service-kit';
import { GraphQLError } from 'graphql';
import { concurrentStreamCap, currentAccess, findEntitlement, type Entitlement, type PackageRules } from './domain/access';
import { programmeWindow, type ContentDescriptor, type ContentType } from './domain/content';
import { signManifestUrl } from './domain/manifest-signature';
import { rentalExpiresAt } from './domain/rental';
import type { PlaybackSession, Prisma, RightsDb } from './data/client';
import type { ContentDirectory } from './data/content-directory';
import { loadHoldings } from './data/holdings-store';
import { publishAccess, TX_OPTIONS } from './access-manager';
import { purchaseEvent } from './events/rights-events';

export interface PlaybackSettings {
  manifestBaseUrl: string;
  signingSecret: string;
  urlTtlSeconds: number;
  heartbeatIntervalSeconds: number;
  /** A session with no heartbeat for this long no longer counts against the cap. */
  sessionTimeoutSeconds: number;
  /** The cap for accounts without a subscription (rentals, purchases, free content). */
  defaultConcurrentStreams: number;
}

/** What a playing session streams: its content type, and a programme's airtime. */
export interface StreamingContent {
  type: string;
  airtime?: { start: Date; end: Date };
}

/** Told the outcome of each start (metrics). */
export interface PlaybackObserver {
  started(): void;
  /** `reason`: the refusal's reason, or its code when it has none. */
  refused(reason: string): void;
}

const unobserved: PlaybackObserver = { started: () => undefined, refused: () => undefined };

export interface PlaybackSessionModel {
  session: PlaybackSession;
  manifestUrl: string;
  expiresAt: Date;
  heartbeatIntervalSeconds: number;
  entitlement: Entitlement | null;
}

/** A reported position, or undefined (keep the stored one) when absent; a negative one is refused. */
function validPosition(position: number | undefined): number | undefined {
  if (position === undefined) return undefined;
  if (position < 0) throw badInput('position must be 0 or more seconds', [{ field: 'position', message: 'must be 0 or more' }]);
  return position;
}

export class PlaybackManager {
  constructor(
    private readonly db: RightsDb,
    private readonly directory: ContentDirectory,
    private readonly settings: PlaybackSettings,
    private readonly observer: PlaybackObserver = unobserved,
  ) {}

  async start(viewer: Viewer, contentId: string, packages: Map<string, PackageRules>, now: Date): Promise<PlaybackSessionModel> {
    try {
      const session = await this.authorize(viewer, contentId, packages, now);
      this.observer.started();
      return session;
    } catch (error) {
      const { reason, code } = error instanceof GraphQLError ? error.extensions : {};
      this.observer.refused(typeof reason === 'string' ? reason : typeof code === 'string' ? code : 'ERROR');
      throw error;
    }
  }

  /**
   * What the media origin asks for every playlist and segment: what the session plays while it plays this
   * content (a programme with its airtime, which its catch-up replays), or null once it was stopped, expired
   * or fell silent, so its URLs stop working with it.
   */
  async streamingContent(sessionId: string, contentId: string, now: Date): Promise<StreamingContent | null> {
    const session = isUuid(sessionId) ? await this.db.playbackSession.findUnique({ where: { id: sessionId } }) : null;
    if (!session || session.contentId !== contentId || session.status !== 'ACTIVE' || this.silent(session, now)) return null;
    if (session.contentType !== 'PROGRAMME') return { type: session.contentType };
    const programme = await this.directory.recent({ type: 'PROGRAMME', id: session.contentId });
    return programme?.start && programme.end ? { type: 'PROGRAMME', airtime: { start: programme.start, end: programme.end } } : null;
  }

  /** Where the viewer's active profile left each content off: its latest session that reported a position. */
  async resumePositions(viewer: Viewer, contentIds: readonly string[]): Promise<(number | null)[]> {
    const latest = await this.db.playbackSession.findMany({
      where: { userId: viewer.userId, profileId: viewer.profileId ?? null, contentId: { in: [...contentIds] }, position: { gt: 0 } },
      orderBy: { lastHeartbeatAt: 'desc' },
      distinct: ['contentId'],
      select: { contentId: true, position: true },
    });
    const byContent = new Map(latest.map((s) => [s.contentId, s.position]));
    return contentIds.map((id) => byContent.get(id) ?? null);
  }

  /** The active profile's latest session per movie or episode that reported a position, newest first. */
  async resumable(viewer: Viewer, first: number): Promise<PlaybackSession[]> {
    if (!Number.isInteger(first) || first < 1 || first > 50) throw badInput('first must be 1 to 50', [{ field: 'first', message: 'Use 1 to 50' }]);
    const latest = await this.db.playbackSession.findMany({
      where: { userId: viewer.userId, profileId: viewer.profileId ?? null, contentType: { in: ['MOVIE', 'EPISODE'] }, position: { gt: 0 } },
      orderBy: { lastHeartbeatAt: 'desc' },
      distinct: ['contentId'],
    });
    return latest.slice(0, first);
  }

  /** Sessions playing now across every account: the ones heartbeating within the timeout. */
  playingCount(now: Date): Promise<number> {
    return this.db.playbackSession.count({
      where: { status: 'ACTIVE', lastHeartbeatAt: { gte: new Date(now.getTime() - this.settings.sessionTimeoutSeconds * 1000) } },
    });
  }

  private async authorize(viewer: Viewer, contentId: string, packages: Map<string, PackageRules>, now: Date): Promise<PlaybackSessionModel> {
    if (!isUuid(contentId)) throw badInput('contentId must be a title, channel or programme id', [{ field: 'contentId', message: 'must be a UUID' }]);
    const content = await this.directory.find(contentId);
    if (!content) throw notFound('Content', contentId);
    this.refusePlayable(content, viewer, now);

    return this.db.$transaction(async (tx) => {
      await tx.$queryRawUnsafe(`SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext($1))) AS locked`, `playback:${viewer.userId}`);
      const access = currentAccess(await loadHoldings(tx, viewer.userId), now);
      let entitlement = findEntitlement(content, access, packages, now);
      if (!entitlement) throw forbidden('You are not entitled to watch this; subscribe or rent it first', 'NOT_ENTITLED');

      await this.expireSilentSessions(tx, viewer.userId, now);
      const playing = await tx.playbackSession.count({ where: { userId: viewer.userId, status: 'ACTIVE' } });
      const cap = concurrentStreamCap(access, this.settings.defaultConcurrentStreams);
      if (playing >= cap) {
        throw forbidden(`Your plan allows ${cap} stream${cap === 1 ? '' : 's'} at once; stop one to start another`, 'STREAM_LIMIT_REACHED', {
          maxStreams: cap,
        });
      }
      if (entitlement.grant?.unstartedRental) entitlement = await this.startRentalClock(tx, entitlement, viewer.userId, now);

      const session = await tx.playbackSession.create({
        data: { userId: viewer.userId, profileId: viewer.profileId, contentId, contentType: content.type, startedAt: now, lastHeartbeatAt: now },
      });
      return this.model(session, now, entitlement);
    }, TX_OPTIONS);
  }

  /**
   * Keeps a session alive while the right to watch lasts: a rental running out, a revoked grant or a
   * cancelled subscription past its period ends the stream at the next heartbeat.
   */
  async heartbeat(viewer: Viewer, sessionId: string, packages: Map<string, PackageRules>, now: Date, position?: number): Promise<PlaybackSessionModel> {
    const session = await this.ownSession(viewer, sessionId);
    const end = () => this.db.playbackSession.update({ where: { id: session.id }, data: { status: 'EXPIRED', endedAt: now } });
    if (session.status !== 'ACTIVE' || this.silent(session, now)) {
      if (session.status === 'ACTIVE') await end();
      throw conflict('This playback session has ended; start playback again', 'SESSION_ENDED');
    }
    const content = await this.directory.recent({ type: session.contentType as ContentType, id: session.contentId });
    const entitlement = content && findEntitlement(content, currentAccess(await loadHoldings(this.db, viewer.userId), now), packages, now);
    if (!entitlement) {
      await end();
      throw forbidden('Your right to watch this has ended', 'ENTITLEMENT_ENDED');
    }
    const alive = await this.db.playbackSession.update({ where: { id: session.id }, data: { lastHeartbeatAt: now, position: validPosition(position) } });
    return this.model(alive, now, entitlement);
  }

  /** Stopping an ended session changes nothing. */
  async stop(viewer: Viewer, sessionId: string, now: Date, position?: number): Promise<PlaybackSessionModel> {
    const session = await this.ownSession(viewer, sessionId);
    const stopped =
      session.status === 'ACTIVE'
        ? await this.db.playbackSession.update({ where: { id: session.id }, data: { status: 'STOPPED', endedAt: now, position: validPosition(position) } })
        : session;
    return this.model(stopped, now, null);
  }

  async playing(viewer: Viewer, now: Date): Promise<PlaybackSessionModel[]> {
    const sessions = await this.db.playbackSession.findMany({ where: { userId: viewer.userId, status: 'ACTIVE' }, orderBy: { startedAt: 'asc' } });
    return sessions.filter((s) => !this.silent(s, now)).map((s) => this.model(s, now, null));
  }

  private refusePlayable(content: ContentDescriptor, viewer: Viewer, now: Date) {
    if (content.maturityRating > viewer.maxMaturity) {
      throw forbidden(`This is rated ${content.maturityRating}+, above this profile's limit`, 'MATURITY_RESTRICTED');
    }
    if (content.type === 'SERIES')
      throw badInput('A series is not playable itself; start one of its episodes', [{ field: 'contentId', message: 'is a series' }]);
    if (content.type !== 'PROGRAMME') return;
    const window = programmeWindow(content, now);
    if (window === 'UPCOMING') throw forbidden('This programme has not started yet', 'NOT_YET_AIRED');
    if (window === 'GONE') throw forbidden("This programme is past the channel's catch-up window", 'CATCHUP_EXPIRED');
  }

  /** The first play of a rental starts its second, shorter clock. */
  private async startRentalClock(tx: Prisma.TransactionClient, entitlement: Entitlement, userId: string, now: Date): Promise<Entitlement> {
    const purchase = await tx.purchase.update({
      where: { id: entitlement.grant!.purchaseId! },
      data: { firstPlayedAt: now, version: { increment: 1 } },
    });
    await recordEvent(tx, purchaseEvent('purchase.started', purchase));
    await publishAccess(tx, userId, now);
    return {
      ...entitlement,
      expiresAt: rentalExpiresAt(purchase),
      grant: { ...entitlement.grant!, unstartedRental: false, expiresAt: rentalExpiresAt(purchase) },
    };
  }

  private async expireSilentSessions(tx: Prisma.TransactionClient, userId: string, now: Date) {
    await tx.playbackSession.updateMany({
      where: { userId, status: 'ACTIVE', lastHeartbeatAt: { lt: new Date(now.getTime() - this.settings.sessionTimeoutSeconds * 1000) } },
      data: { status: 'EXPIRED', endedAt: now },
    });
  }

  private silent(session: PlaybackSession, now: Date) {
    return session.lastHeartbeatAt.getTime() < now.getTime() - this.settings.sessionTimeoutSeconds * 1000;
  }

  private async ownSession(viewer: Viewer, sessionId: string) {
    const session = isUuid(sessionId) ? await this.db.playbackSession.findUnique({ where: { id: sessionId } }) : null;
    if (!session || session.userId !== viewer.userId) throw notFound('Playback session', sessionId);
    return session;
  }

  /** Each answer carries a freshly signed URL: players refresh the manifest as they heartbeat. */
  private model(session: PlaybackSession, now: Date, entitlement: Entitlement | null): PlaybackSessionModel {
    const expiresAt = new Date(now.getTime() + this.settings.urlTtlSeconds * 1000);
    return {
      session,
      manifestUrl: signManifestUrl(
        this.settings.manifestBaseUrl,
        { contentId: session.contentId, sessionId: session.id, expiresAt },
        this.settings.signingSecret,
      ),
      expiresAt,
      heartbeatIntervalSeconds: this.settings.heartbeatIntervalSeconds,
      entitlement,
    };
  }
}
