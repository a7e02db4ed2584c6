import { badInput, isUuid, toDate } from '@tvstream/service-kit';
import type { Channel } from '../data/client';
import type { QueryResolvers } from '../generated/resolvers-types';
import type { LiveContext } from '../context';

export const MAX_SCHEDULE_DAYS = 14;

/** The channels asked for, in the order asked (unknown ids left out), or every channel by number. */
async function channelsFor(ctx: LiveContext, ids: readonly string[] | null | undefined): Promise<Channel[]> {
  if (!ids) return allChannels(ctx);
  const found = await ctx.channelById.loadMany([...new Set(ids.filter(isUuid))]);
  return found.filter((c): c is Channel => !!c && !(c instanceof Error));
}

/** Every channel; primed into the loader so programmes' `channel` fields need no second query. */
async function allChannels(ctx: LiveContext): Promise<Channel[]> {
  const channels = await ctx.channels.list();
  for (const channel of channels) ctx.channelById.prime(channel.id, channel);
  return channels;
}

export const Query: QueryResolvers = {
  channels: (_, __, ctx) => allChannels(ctx),
  channel: (_, { id }, ctx) => (isUuid(id) ? ctx.channelById.load(id) : null),
  programme: (_, { id }, ctx) => (isUuid(id) ? ctx.programmeById.load(id) : null),

  schedule: async (_, args, ctx) => {
    const from = toDate(args.from, 'from');
    const to = toDate(args.to, 'to');
    if (to <= from) throw badInput('`to` must be after `from`', [{ field: 'to', message: 'Must be after from' }]);
    if (to.getTime() - from.getTime() > MAX_SCHEDULE_DAYS * 86_400_000) {
      throw badInput(`A schedule window spans at most ${MAX_SCHEDULE_DAYS} days`, [{ field: 'to', message: `At most ${MAX_SCHEDULE_DAYS} days after from` }]);
    }
    const channels = await channelsFor(ctx, args.channelIds);
    const programmes = await ctx.programmes.window(
      channels.map((c) => c.id),
      from,
      to,
    );
    return channels.map((channel) => ({ channel, programmes: programmes.filter((p) => p.channelId === channel.id) }));
  },

  nowNext: async (_, args, ctx) => {
    const channels = await channelsFor(ctx, args.channelIds);
    const rows = await ctx.nowNextByChannel.loadMany(channels.map((c) => c.id));
    return rows.map((row) => {
      if (row instanceof Error) throw row;
      return row;
    });
  },
};
