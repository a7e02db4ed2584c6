import type { Viewer } from '@tvstream/service-kit';

/** The gateway's per-request state: the verified caller and what is forwarded to subgraphs. */
export interface GatewayContext {
  viewer: Viewer | null;
  authorization: string | null;
  requestId: string;
  clientIp: string;
  /** The test clock (`x-clock-now`), forwarded only when the gateway allows it (never in production). */
  clock: string | null;
  /** The caller's Accept-Language, for subgraphs that localise (search shows and ranks titles in it). */
  acceptLanguage: string | null;
}
