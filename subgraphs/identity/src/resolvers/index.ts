import type { Resolvers } from '../generated/resolvers-types';
import { Mutation } from './mutation';
import { AuditTrail, Query } from './query';
import { AccountSummary, AuditEntry, User } from './user';

export const resolvers: Resolvers = { Query, Mutation, User, AuditEntry, AuditTrail, AccountSummary };
