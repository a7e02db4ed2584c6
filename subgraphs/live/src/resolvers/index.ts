import type { Resolvers } from '../generated/resolvers-types';
import { Channel, DateTime, NowNext, Programme } from './entities';
import { Mutation } from './mutation';
import { Query } from './query';

export const resolvers: Resolvers = { DateTime, Query, Mutation, Channel, Programme, NowNext };
