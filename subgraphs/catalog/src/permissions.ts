import { allow, hasRole, permissions } from '@tvstream/service-kit';

const editor = hasRole('EDITOR');

export const catalogPermissions = permissions({
  Query: { title: allow, titles: allow, genres: allow, collections: allow },
  Mutation: {
    createMovie: editor,
    createSeries: editor,
    updateTitle: editor,
    publishTitle: editor,
    unpublishTitle: editor,
    archiveTitle: editor,
    deleteTitle: editor,
    createSeason: editor,
    createEpisode: editor,
    createCollection: editor,
    setCollectionTitles: editor,
  },
});
