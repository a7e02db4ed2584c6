import { allow, hasRole, permissions } from '@tvstream/service-kit';

const editor = hasRole('EDITOR');

/** The guide is public; every write and the channels' ingest URLs are for editors (and admins). */
export const livePermissions = permissions({
  Query: {
    channels: allow,
    channel: allow,
    programme: allow,
    schedule: allow,
    nowNext: allow,
  },
  Mutation: {
    createChannel: editor,
    updateChannel: editor,
    deleteChannel: editor,
    createProgramme: editor,
    updateProgramme: editor,
    deleteProgramme: editor,
    importXmltv: editor,
  },
  Channel: { streamUrl: editor },
});
