import { auditActor } from '@tvstream/service-kit';
import type { MutationResolvers } from '../generated/resolvers-types';

const audit = auditActor;

export const Mutation: MutationResolvers = {
  register: (_, { input }, ctx) => ctx.accounts.register(input, ctx.clientIp),
  login: (_, args, ctx) => ctx.accounts.login(args.email, args.password, ctx.clientIp),
  refreshToken: (_, args, ctx) => ctx.accounts.refresh(args.refreshToken, ctx.clientIp),
  selectProfile: (_, args, ctx) => ctx.accounts.refresh(args.refreshToken, ctx.clientIp, args.profileId),
  logout: (_, args, ctx) => ctx.accounts.logout(args.refreshToken),
  changePassword: (_, args, ctx) => ctx.accounts.changePassword(ctx.viewer!, args.currentPassword, args.newPassword),
  createProfile: (_, args, ctx) => ctx.accounts.createProfile(ctx.viewer!, args.name, args.maxMaturity, args.language ?? null),
  updateProfile: (_, args, ctx) => ctx.accounts.updateProfile(ctx.viewer!, args.profileId, args.input),
  setUserRoles: (_, args, ctx) => ctx.accounts.setRoles(ctx.viewer!, args.userId, args.roles, audit(ctx)),
  disableUser: (_, args, ctx) => ctx.accounts.disable(ctx.viewer!, args.userId, audit(ctx)),
};
