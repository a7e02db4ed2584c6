import { useState } from 'react';
import { gql } from '../../../api';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { AdminForm, ConfirmButton, Field } from '../Admin';
import { textOf, wholeOf } from './fields';
import {
  CREATE_EPISODE,
  CREATE_SEASON,
  DELETE_EPISODE,
  DELETE_SEASON,
  UPDATE_EPISODE,
  UPDATE_SEASON,
  type AdminEpisode,
  type AdminSeason,
  type EditedTitle,
} from './operations';
import { useAttempt } from '../useAttempt';
import { AdminTable } from '../AdminTable';

const nextNumber = (numbers: number[]) => Math.max(0, ...numbers) + 1;

/** An episode's fields; `prefix` keeps the ids of the page's several episode forms apart. */
function EpisodeFields({ prefix, errors, episode, number }: { prefix: string; errors: Record<string, string>; episode?: AdminEpisode; number: number }) {
  return (
    <>
      <Field id={`${prefix}-number`} label="Episode number" error={errors.episodeNumber}>
        <input id={`${prefix}-number`} name="episodeNumber" inputMode="numeric" defaultValue={number} aria-invalid={!!errors.episodeNumber} />
      </Field>
      <Field id={`${prefix}-title`} label="Episode title" error={errors.title}>
        <input id={`${prefix}-title`} name="title" defaultValue={episode?.title} aria-invalid={!!errors.title} />
      </Field>
      <Field id={`${prefix}-synopsis`} label="Episode synopsis" error={errors.synopsis}>
        <textarea id={`${prefix}-synopsis`} name="synopsis" rows={2} defaultValue={episode?.synopsis} />
      </Field>
    </>
  );
}

const episodeInput = (form: FormData) => ({
  title: textOf(form, 'title'),
  episodeNumber: wholeOf(form, 'episodeNumber'),
  synopsis: textOf(form, 'synopsis'),
});

/** One season: renumbered or deleted (with its episodes, after confirming), its episodes listed, edited, added. */
function SeasonPanel({ season, onDone }: { season: AdminSeason; onDone: () => void }) {
  const { error, attempt } = useAttempt();
  const [editing, setEditing] = useState<AdminEpisode | null>(null);
  const heading = `season-${season.id}-heading`;
  const episodes = season.episodes.length === 1 ? 'its episode' : `its ${season.episodes.length} episodes`;
  return (
    <section aria-labelledby={heading}>
      <h3 id={heading}>Season {season.number}</h3>
      {error && <ErrorNotice error={error} title="The change was refused" />}
      <ConfirmButton
        label="Delete season"
        confirm={`Delete season ${season.number} and ${episodes}?`}
        onConfirm={() => attempt(async () => (await gql(DELETE_SEASON, { id: season.id }), onDone()))}
      />
      <AdminForm
        key={`renumber-${season.number}`}
        id={`season-${season.id}-renumber`}
        heading={`Renumber season ${season.number}`}
        submitLabel="Renumber"
        failedTitle="The season was not renumbered"
        onDone={onDone}
        run={(form) => gql(UPDATE_SEASON, { id: season.id, number: wholeOf(form, 'number') })}
      >
        {(errors) => (
          <Field id={`season-${season.id}-number`} label="Season number" error={errors.number}>
            <input id={`season-${season.id}-number`} name="number" inputMode="numeric" defaultValue={season.number} aria-invalid={!!errors.number} />
          </Field>
        )}
      </AdminForm>
      <AdminTable
        caption={`Episodes of season ${season.number}`}
        columns={['No.', 'Title', 'Actions']}
        rows={season.episodes}
        empty="No episode yet."
        row={(e) => (
          <tr key={e.id}>
            <td>{e.episodeNumber}</td>
            <th scope="row">{e.title}</th>
            <td className="actions">
              <button type="button" onClick={() => setEditing(e)} aria-label={`Edit episode ${e.episodeNumber}`}>
                Edit
              </button>
              <ConfirmButton
                label="Delete"
                confirm={`Delete episode ${e.episodeNumber}, “${e.title}”?`}
                onConfirm={() => attempt(async () => (await gql(DELETE_EPISODE, { id: e.id }), onDone()))}
              />
            </td>
          </tr>
        )}
      />
      {editing && (
        <AdminForm
          key={editing.id}
          id={`episode-${editing.id}`}
          heading={`Edit episode ${editing.episodeNumber}`}
          submitLabel="Save episode"
          failedTitle="The episode was not changed"
          onDone={() => {
            setEditing(null);
            onDone();
          }}
          run={(form) => gql(UPDATE_EPISODE, { id: editing.id, input: episodeInput(form) })}
        >
          {(errors) => <EpisodeFields prefix={`episode-${editing.id}`} errors={errors} episode={editing} number={editing.episodeNumber} />}
        </AdminForm>
      )}
      <AdminForm
        key={`new-episode-${season.episodes.length}`}
        id={`season-${season.id}-episode`}
        heading={`Add an episode to season ${season.number}`}
        submitLabel="Add episode"
        failedTitle="The episode was not added"
        onDone={onDone}
        run={(form) => gql(CREATE_EPISODE, { seasonId: season.id, input: episodeInput(form) })}
      >
        {(errors) => <EpisodeFields prefix={`season-${season.id}-episode`} errors={errors} number={nextNumber(season.episodes.map((e) => e.episodeNumber))} />}
      </AdminForm>
    </section>
  );
}

/** A series' seasons with their episodes, and a form adding the next season. */
export function SeasonsEditor({ title, onDone }: { title: EditedTitle; onDone: () => void }) {
  const seasons = title.seasons ?? [];
  return (
    <section aria-labelledby="seasons-heading">
      <h2 id="seasons-heading">Seasons and episodes</h2>
      {seasons.length === 0 && <p>No seasons yet.</p>}
      {seasons.map((season) => (
        <SeasonPanel key={season.id} season={season} onDone={onDone} />
      ))}
      <AdminForm
        key={`new-season-${seasons.length}`}
        id="season-new"
        heading="Add a season"
        submitLabel="Add season"
        failedTitle="The season was not added"
        onDone={onDone}
        run={(form) => gql(CREATE_SEASON, { seriesId: title.id, number: wholeOf(form, 'number') })}
      >
        {(errors) => (
          <Field id="season-new-number" label="Season number" error={errors.number}>
            <input
              id="season-new-number"
              name="number"
              inputMode="numeric"
              defaultValue={nextNumber(seasons.map((s) => s.number))}
              aria-invalid={!!errors.number}
            />
          </Field>
        )}
      </AdminForm>
    </section>
  );
}
