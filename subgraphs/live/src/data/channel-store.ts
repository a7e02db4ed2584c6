import type { Channel, LiveDb } from './client';

/** Reads of channels. Writes happen inside the managers' transactions. */
export class ChannelStore {
  constructor(private readonly db: LiveDb) {}

  list(): Promise<Channel[]> {
    return this.db.channel.findMany({ orderBy: { number: 'asc' } });
  }

  findManyByIds(ids: readonly string[]): Promise<Channel[]> {
    return this.db.channel.findMany({ where: { id: { in: [...ids] } } });
  }
}
