import { pageSize, unauthenticated } from '@tvstream/service-kit';
import { checkFilters, checkLanguage, checkPage, checkPrefix, checkQuery } from '../domain/arguments';
import type { QueryResolvers } from '../generated/resolvers-types';
import type { SearchContext } from '../context';
import { selectedParts } from './selected-parts';

/** Anonymous callers have no profile limit (as in live); a profile's limit comes from the token. */
const maturityOf = (ctx: SearchContext) => ctx.viewer?.maxMaturity ?? 18;

export const Query: QueryResolvers = {
  search: async (_, args, ctx, info) => {
    const query = checkQuery(args.query);
    const filters = checkFilters(args.filters);
    const { size, offset } = checkPage(args.first, args.after);
    if (filters.availableToMe && !ctx.viewer) throw unauthenticated('Sign in to filter by what is available to you');
    const access = filters.availableToMe ? await ctx.engine.access(ctx.viewer!.userId, ctx.now) : null;
    const { availableToMe: _unused, ...rest } = filters;
    const language = checkLanguage(args.language, ctx.viewer?.language, ctx.acceptLanguage);
    const parts = selectedParts(info);
    return ctx.engine.search({ query, ...rest, access, maxMaturity: maturityOf(ctx), now: ctx.now, offset, size, language, parts });
  },
  suggest: async (_, args, ctx) => {
    const prefix = checkPrefix(args.prefix);
    const size = pageSize(args.first, 20, 8);
    const language = checkLanguage(args.language, ctx.viewer?.language, ctx.acceptLanguage);
    return ctx.engine.suggest({ prefix, size, maxMaturity: maturityOf(ctx), now: ctx.now, language });
  },
  reindexJob: (_, { id }, ctx) => ctx.reindex.get(id),
  reindexJobs: (_, { first }, ctx) => ctx.reindex.list(pageSize(first, 100, 20)),
};
