import { visibleToViewer } from '../domain/titles';
import type { TitleRecord } from '../domain/title-record';
import type { CatalogContext } from '../context';

/** An episode is seen through its series: the series' rating and window, and both must be published. */
export function canSee(title: TitleRecord | null, ctx: CatalogContext): title is TitleRecord {
  if (!title) return false;
  if (ctx.audience.canEdit) return true;
  const series = title.season?.series;
  const ruling = series ?? title;
  const { now, maxMaturity } = ctx.audience;
  return visibleToViewer({ ...ruling, status: ruling.status }, now, maxMaturity) && (!series || title.status === 'PUBLISHED');
}

export const visibleOrNull = (title: TitleRecord | null, ctx: CatalogContext) => (canSee(title, ctx) ? title : null);
