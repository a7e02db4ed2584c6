import { badInput, pageSize, toConnection } from '@tvstream/service-kit';
import type { Rail } from '../data/collection-store';
import { titleCursor, type TitleListFilter, type TitleRecord, type TitleSort } from '../data/title-store';
import type { CatalogContext } from '../context';
import { visibleOrNull } from './visibility';

export const Query = {
  title: async (_: unknown, args: { id?: string | null; slug?: string | null }, ctx: CatalogContext) => {
    if (!args.id === !args.slug) throw badInput('Pass exactly one of id or slug', [{ field: 'id', message: 'Pass id or slug' }]);
    const found = args.id ? await ctx.titleById.load(args.id) : await ctx.titles.findBySlug(args.slug!);
    const visible = visibleOrNull(found, ctx);
    return visible && visible.kind !== 'EPISODE' ? visible : null;
  },

  titles: async (
    _: unknown,
    args: { filter?: TitleListFilter | null; sort?: TitleSort | null; first?: number | null; after?: string | null },
    ctx: CatalogContext,
  ) => {
    const size = pageSize(args.first);
    const sort = args.sort ?? 'POPULAR';
    const rows = await ctx.titles.list(args.filter ?? {}, sort, size, args.after, ctx.audience);
    return toConnection(rows, size, (t) => titleCursor(sort, t));
  },

  genres: (_: unknown, __: unknown, ctx: CatalogContext) => ctx.titles.genres(),

  collections: (_: unknown, __: unknown, ctx: CatalogContext) => ctx.collections.list(),
};

export const Collection = {
  titles: async (rail: Rail, args: { first?: number | null }, ctx: CatalogContext) => {
    const ids = await ctx.railTitleIds.load({ rail, take: pageSize(args.first) });
    const titles = await ctx.titleById.loadMany(ids);
    return titles.filter((t): t is TitleRecord => t !== null && !(t instanceof Error));
  },
};
