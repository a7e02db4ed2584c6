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

/** The language asked for, else the active profile's (the gateway's public cache keys answers by it too). */
const preferred = (argument: string | null | undefined, ctx: LiveContext) => argument ?? ctx.viewer?.language ?? null;

export const Programme: ProgrammeResolvers = {
  __resolveReference: (ref, ctx) => (isUuid(ref.id) ? ctx.programmeById.load(ref.id) : null),
  channel: (p, _, ctx) => channelOf(p.channelId, ctx),
  title: (p, { language }, ctx) => pickLocalized(asLocalizedTexts(p.titles), preferred(language, ctx), p.language) ?? '',
  titles: (p) => asLocalizedTexts(p.titles),
  subtitle: (p, { language }, ctx) => pickLocalized(asLocalizedTexts(p.subtitles), preferred(language, ctx), p.language),
  subtitles: (p) => asLocalizedTexts(p.subtitles),
  description: (p, { language }, ctx) => pickLocalized(asLocalizedTexts(p.descriptions), preferred(language, ctx), p.language),
  descriptions: (p) => asLocalizedTexts(p.descriptions),
  categories: (p, { language }, ctx) => pickLocalizedList(asLocalizedTexts(p.categories), preferred(language, ctx), p.language),
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
