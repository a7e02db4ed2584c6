import { useState } from 'react';
import { gql, useQuery } from '../../../api';
import { ErrorNotice, Loading } from '../../../components/ErrorNotice';
import { useAttempt } from '../useAttempt';
import { ConfirmButton } from '../Admin';
import { ProgrammeForm, type AdminProgramme } from './ProgrammeForm';
import { clock, dayWindow, localDay } from './time';
import { AdminTable } from '../AdminTable';

// `locked` depends on the viewer, which keeps this answer out of the gateway's shared cache: an editor sees
// their own edit at once, not after the cache's freshness bound.
const SCHEDULE = `query AdminSchedule($channelIds: [ID!], $from: DateTime!, $to: DateTime!) {
  schedule(channelIds: $channelIds, from: $from, to: $to) {
    programmes { id start end title titles { language text } description locked }
  }
}`;
const DELETE = `mutation DeleteProgramme($id: ID!) { deleteProgramme(id: $id) }`;

/** One channel's guide for one day, with its programmes added, changed and removed (after a confirmation). */
export function ProgrammeSchedule({ channels }: { channels: { id: string; name: string; number: number }[] }) {
  const [channelId, setChannelId] = useState(channels[0]?.id ?? '');
  const [day, setDay] = useState(() => localDay(new Date()));
  const [editing, setEditing] = useState<string | null>(null);
  const deletion = useAttempt();
  const { data, error, loading, refetch } = useQuery<{ schedule: { programmes: AdminProgramme[] }[] }>(
    SCHEDULE,
    { channelIds: [channelId], ...dayWindow(day) },
    { skip: !channelId || !day },
  );
  const programmes = data?.schedule[0]?.programmes ?? [];
  const editedProgramme = programmes.find((p) => p.id === editing);
  const done = () => {
    setEditing(null);
    refetch();
  };

  return (
    <section aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">Programmes</h2>
      <div className="admin-columns">
        <div className="field">
          <label htmlFor="schedule-channel">Channel</label>
          <select id="schedule-channel" value={channelId} onChange={(e) => setChannelId(e.target.value)}>
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.number} · {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="schedule-day">Day</label>
          <input id="schedule-day" type="date" value={day} onChange={(e) => setDay(e.target.value)} />
        </div>
      </div>
      {error && <ErrorNotice error={error} title="The schedule could not be loaded" />}
      {deletion.error && <ErrorNotice error={deletion.error} title="The programme was not removed" />}
      {!data && loading && <Loading what="the schedule" />}
      {data && (
        <AdminTable
          label="Schedule"
          columns={['Time', 'Programme', 'Actions']}
          rows={programmes}
          empty="Nothing scheduled on this day."
          row={(p) => (
            <tr key={p.id}>
              <td>
                {clock(p.start)}–{clock(p.end)}
              </td>
              <th scope="row">{p.title}</th>
              <td>
                <button type="button" onClick={() => setEditing(p.id)} aria-label={`Edit ${p.title}`}>
                  Edit
                </button>{' '}
                <ConfirmButton
                  label="Delete"
                  confirm={`Remove ${p.title} from the guide?`}
                  onConfirm={() =>
                    deletion.attempt(async () => {
                      await gql(DELETE, { id: p.id });
                      refetch();
                    })
                  }
                />
              </td>
            </tr>
          )}
        />
      )}
      {editedProgramme && <ProgrammeForm key={editedProgramme.id} channelId={channelId} programme={editedProgramme} onDone={done} />}
      {channelId && <ProgrammeForm channelId={channelId} onDone={done} />}
    </section>
  );
}
