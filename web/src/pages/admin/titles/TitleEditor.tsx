import { useState } from 'react';
import { gql, useQuery } from '../../../api';
import { ErrorNotice, Loading } from '../../../components/ErrorNotice';
import { Link, navigate } from '../../../router';
import { ConfirmButton } from '../Admin';
import { ArtworkEditor, AvailabilityForm, CreditsEditor } from './TitleDetailsForms';
import { ADMIN_TITLE, DELETE_TITLE, type EditedTitle } from './operations';
import { SeasonsEditor } from './SeasonsEditor';
import { TitleHistory } from './TitleHistory';
import { useAttempt } from '../useAttempt';

/**
 * One title's admin page: its availability window, credits, artwork, a series' seasons and episodes, and
 * its history. Every change reloads the title and its history.
 */
export function TitleEditor({ id }: { id: string }) {
  const { data, error, loading, refetch } = useQuery<{ title: EditedTitle | null }>(ADMIN_TITLE, { id });
  const [changes, setChanges] = useState(0);
  const changed = () => {
    refetch();
    setChanges((n) => n + 1);
  };
  const title = data?.title;
  const deletion = useAttempt();
  return (
    <section aria-labelledby="title-editor-heading">
      <p>
        <Link to="/admin/titles">← All titles</Link>
      </p>
      {error && <ErrorNotice error={error} title="The title could not be loaded" />}
      {!data && loading && <Loading what="the title" />}
      {data && !title && <h1 id="title-editor-heading">No such title</h1>}
      {title && (
        <>
          <h1 id="title-editor-heading">
            {title.title}{' '}
            <small>
              ({title.kind.toLowerCase()}, {title.status.toLowerCase()})
            </small>
          </h1>
          {deletion.error && <ErrorNotice error={deletion.error} title="The title was not deleted" />}
          <ConfirmButton
            label="Delete title"
            confirm={`Delete “${title.title}”${title.kind === 'Series' ? ' with its seasons and episodes' : ''}? This cannot be undone.`}
            onConfirm={() => deletion.attempt(async () => (await gql(DELETE_TITLE, { id: title.id }), navigate('/admin/titles')))}
          />
          {/* Keyed by the window, so the form shows what was saved. */}
          <AvailabilityForm key={`${title.availableFrom}/${title.availableTo}`} title={title} onDone={changed} />
          <CreditsEditor title={title} onDone={changed} />
          <ArtworkEditor title={title} onDone={changed} />
          {title.kind === 'Series' && <SeasonsEditor title={title} onDone={changed} />}
          <TitleHistory key={changes} titleId={title.id} />
        </>
      )}
    </section>
  );
}
