import type { Resolvers } from '../generated/resolvers-types';
import { Channel, Episode, Movie, Programme, Series } from './content';
import { Mutation } from './mutation';
import { Query } from './query';
import { types } from './types';

export const resolvers: Resolvers = { ...types, Query, Mutation, Movie, Series, Episode, Channel, Programme };
