import type { RequestContext } from '@tvstream/service-kit';
import type DataLoader from 'dataloader';
import type { CatalogManager } from './catalog-manager';
import type { AuditLog } from './data/audit';
import type { CollectionStore } from './data/collection-store';
import type { RailPage } from './data/rail-pages';
import type { Season } from './data/generated/client';
import type { Audience, TitleStore } from './data/title-store';
import type { TitleRecord } from './domain/title-record';

export interface CatalogContext extends RequestContext {
  catalog: CatalogManager;
  titles: TitleStore;
  collections: CollectionStore;
  auditLog: AuditLog;
  /** ARTWORK_BASE_URL: where apps fetch the images the catalog serves (generated posters). */
  artworkBaseUrl: string;
  /** What this caller may see, fixed at the start of the request. */
  audience: Audience;
  /** One query per entity type per request, however many references a plan asks for. */
  titleById: DataLoader<string, TitleRecord | null>;
  seasonById: DataLoader<string, Season | null>;
  seasonsBySeries: DataLoader<string, Season[]>;
  episodesBySeason: DataLoader<string, TitleRecord[]>;
  /** The title ids of every rail a request asks for, in one statement per kind of rail. */
  railTitleIds: DataLoader<RailPage, string[], string>;
}
