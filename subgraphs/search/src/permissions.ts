import { allow, hasRole, permissions } from '@tvstream/service-kit';

const admin = hasRole('ADMIN');

/** Searching is public (results respect the caller's profile); rebuilding the index is for admins. */
export const searchPermissions = permissions({
  Query: { search: allow, suggest: allow, reindexJob: admin },
  Mutation: { reindex: admin },
});
