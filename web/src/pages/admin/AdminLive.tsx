import { useState } from 'react';
import { ApiError, gql, useQuery } from '../../api';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { AdminForm, ConfirmButton, Field } from './Admin';
import { GuideUpload } from './live/GuideUpload';
import { ProgrammeSchedule } from './live/ProgrammeSchedule';
import { formText } from '../../forms';
import { AdminTable } from './AdminTable';

const CHANNELS = `query AdminChannels { channels { id number name xmltvId catchupDays } }`;
const CREATE_CHANNEL = `mutation CreateChannel($input: CreateChannelInput!) { createChannel(input: $input) { id } }`;
const DELETE_CHANNEL = `mutation DeleteChannel($id: ID!) { deleteChannel(id: $id) }`;

interface Channel {
  id: string;
  number: number;
  name: string;
  xmltvId: string | null;
  catchupDays: number;
}

function CreateChannel({ onCreated }: { onCreated: () => void }) {
  return (
    <AdminForm
      id="new-channel"
      heading="New channel"
      submitLabel="Create channel"
      failedTitle="The channel was not created"
      onDone={onCreated}
      run={(form) =>
        gql(CREATE_CHANNEL, {
          input: {
            number: Number(form.get('number')),
            name: formText(form, 'name').trim(),
            catchupDays: Number(form.get('catchup') || 0),
            xmltvId: formText(form, 'xmltv').trim() || undefined,
          },
        })
      }
    >
      {(errors) => (
        <>
          <Field id="channel-number" label="Channel number" error={errors.number}>
            <input id="channel-number" name="number" type="number" min={1} />
          </Field>
          <Field id="channel-name" label="Channel name" error={errors.name}>
            <input id="channel-name" name="name" />
          </Field>
          <Field id="channel-catchup" label="Catch-up days" error={errors.catchupDays}>
            <input id="channel-catchup" name="catchup" type="number" min={0} defaultValue={0} />
          </Field>
          <Field id="channel-xmltv" label="XMLTV id (optional)" error={errors.xmltvId}>
            <input id="channel-xmltv" name="xmltv" />
          </Field>
        </>
      )}
    </AdminForm>
  );
}
/**
 * Channels and the guide: an XMLTV file uploaded here is imported as a whole, with the per-entry report;
 * one channel's programmes of one day are edited by hand; channels are created and deleted (after a
 * confirmation).
 */
export function AdminLive() {
  const { data, error, loading, refetch } = useQuery<{ channels: Channel[] }>(CHANNELS);
  const [channelError, setChannelError] = useState<ApiError | null>(null);

  return (
    <section aria-labelledby="live-admin-heading">
      <h1 id="live-admin-heading">Live</h1>
      <GuideUpload onImported={refetch} />
      {data && <ProgrammeSchedule channels={data.channels} />}
      <h2>Channels</h2>
      <CreateChannel onCreated={refetch} />
      {channelError && <ErrorNotice error={channelError} title="The channel was not deleted" />}
      {error && <ErrorNotice error={error} title="Channels could not be loaded" />}
      {!data && loading && <Loading what="channels" />}
      {data && (
        <AdminTable
          label="Channels"
          columns={['Number', 'Name', 'XMLTV id', 'Catch-up', 'Actions']}
          rows={data.channels}
          empty="No channel yet."
          row={(c) => (
            <tr key={c.id}>
              <td>{c.number}</td>
              <th scope="row">{c.name}</th>
              <td>{c.xmltvId ?? '—'}</td>
              <td>{c.catchupDays} days</td>
              <td>
                <ConfirmButton
                  label="Delete"
                  confirm={`Delete ${c.name} and its programmes?`}
                  onConfirm={() =>
                    gql(DELETE_CHANNEL, { id: c.id })
                      .then(refetch)
                      .catch((e: ApiError) => setChannelError(e))
                  }
                />
              </td>
            </tr>
          )}
        />
      )}
    </section>
  );
}
