import type { RequestContext } from '@tvstream/service-kit';
import type DataLoader from 'dataloader';
import type { Channel, Programme } from './data/client';
import type { ChannelStore } from './data/channel-store';
import type { NowNextRow, ProgrammeStore } from './data/programme-store';
import type { GuideManager } from './guide-manager';
import type { XmltvImporter } from './xmltv-importer';

export interface LiveContext extends RequestContext {
  channels: ChannelStore;
  programmes: ProgrammeStore;
  guide: GuideManager;
  importer: XmltvImporter;
  /** The request's clock: "now" for now/next is read once per request. */
  now: Date;
  xmltvMaxBytes: number;
  /** Batched lookups: one query per type per request, however many entities a query touches. */
  channelById: DataLoader<string, Channel | null>;
  programmeById: DataLoader<string, Programme | null>;
  nowNextByChannel: DataLoader<string, NowNextRow>;
}
