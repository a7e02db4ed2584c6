import { DateTimeScalar, isUuid } from '@tvstream/service-kit';
import { asLocalizedTexts, pickLocalized, pickLocalizedList } from '../domain/localized';
import type { ChannelResolvers, NowNextResolvers, ProgrammeResolvers, Resolvers } from '../generated/resolvers-types';
import type { LiveContext } from '../context';

export const DateTime: Resolvers['DateTime'] = DateTimeScalar;

export const Channel: ChannelResolvers = {
  __resolveReference: (ref, ctx) => (isUuid(ref.id) ? ctx.channelById.load(ref.id) : null),
  nowNext: (channel, _, ctx) => ctx.nowNextByChannel.load(channel.id),
};

/** A channel referenced by a loaded row always exists (programmes cascade with their channel). */
async function channelOf(channelId: string, ctx: LiveContext) {
  const channel = await ctx.channelById.load(channelId);
  if (!channel) throw new Error(`Channel ${channelId} vanished`);
  return channel;
}

export const Programme: ProgrammeResolvers = {
  __resolveReference: (ref, ctx) => (isUuid(ref.id) ? ctx.programmeById.load(ref.id) : null),
  channel: (p, _, ctx) => channelOf(p.channelId, ctx),
  title: (p, { language }) => pickLocalized(asLocalizedTexts(p.titles), language, p.language) ?? '',
  titles: (p) => asLocalizedTexts(p.titles),
  subtitle: (p, { language }) => pickLocalized(asLocalizedTexts(p.subtitles), language, p.language),
  subtitles: (p) => asLocalizedTexts(p.subtitles),
  description: (p, { language }) => pickLocalized(asLocalizedTexts(p.descriptions), language, p.language),
  descriptions: (p) => asLocalizedTexts(p.descriptions),
  categories: (p, { language }) => pickLocalizedList(asLocalizedTexts(p.categories), language, p.language),
  localizedCategories: (p) => asLocalizedTexts(p.categories),
  genreSlugs: async (p, _, ctx) => (await channelOf(p.channelId, ctx)).genreSlugs,
  // Anonymous callers have no profile limit: the guide is public, playback is gated elsewhere (rights).
  // The answer depends on the caller, so one holding it is never shared (see the schema's @cacheControl).
  locked: (p, _, ctx, info) => {
    (info as typeof info & { cacheControl?: { setCacheHint(hint: { scope: 'PRIVATE' }): void } }).cacheControl?.setCacheHint({ scope: 'PRIVATE' });
    return ctx.viewer ? p.maturityRating > ctx.viewer.maxMaturity : false;
  },
};

export const NowNext: NowNextResolvers = {
  channel: async (row, _, ctx) => {
    const channel = await ctx.channelById.load(row.channelId);
    if (!channel) throw new Error(`Channel ${row.channelId} vanished`);
    return channel;
  },
};
