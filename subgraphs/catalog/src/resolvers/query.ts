import { auditTrailContribution, badInput, pageSize, toConnection } from '@tvstream/service-kit';
import { titleCursor } from '../data/title-store';
import type { TitleRecord } from '../domain/title-record';
import type { AuditTrailResolvers, CatalogAuditEntryResolvers, CollectionResolvers, QueryResolvers } from '../generated/resolvers-types';
import type { CatalogContext } from '../context';
import { visibleOrNull } from './visibility';

export const Query: QueryResolvers = {
  title: async (_, args, ctx) => {
    if (!args.id === !args.slug) throw badInput('Pass exactly one of id or slug', [{ field: 'id', message: 'Pass id or slug' }]);
    const found = args.id ? await ctx.titleById.load(args.id) : await ctx.titles.findBySlug(args.slug!);
    const visible = visibleOrNull(found, ctx);
    return visible && visible.kind !== 'EPISODE' ? visible : null;
  },

  titles: async (_, args, ctx) => {
    const size = pageSize(args.first);
    const sort = args.sort ?? 'POPULAR';
    if ((args.filter?.titleContains?.length ?? 0) > 100) {
      throw badInput('titleContains is too long', [{ field: 'titleContains', message: 'At most 100 characters' }]);
    }
    const rows = await ctx.titles.list(args.filter ?? {}, sort, size, args.after, ctx.audience);
    return toConnection(rows, size, (t) => titleCursor(sort, t));
  },

  genres: (_, __, ctx) => ctx.titles.genres(),

  collections: (_, __, ctx) => ctx.collections.list(),

  catalogAuditLog: (_, args, ctx) => ctx.auditLog.list(args.titleId, pageSize(args.first, 500, 50)),
};

const contribution = auditTrailContribution((query, ctx: CatalogContext) => ctx.auditLog.trail(query));
export const AuditTrail: AuditTrailResolvers = { __resolveReference: contribution.__resolveReference, catalogRecords: contribution.records };

export const CatalogAuditEntry: CatalogAuditEntryResolvers = {
  details: (entry) => JSON.stringify(entry.details),
  at: (entry) => entry.createdAt,
};

export const Collection: CollectionResolvers = {
  titles: async (rail, args, ctx) => {
    const ids = await ctx.railTitleIds.load({ rail, take: pageSize(args.first) });
    const titles = await ctx.titleById.loadMany(ids);
    return titles.filter((t): t is TitleRecord => t !== null && !(t instanceof Error));
  },
};
