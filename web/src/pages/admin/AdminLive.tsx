import { useState, type SubmitEvent } from 'react';
import { ApiError, gql, useQuery } from '../../api';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { AdminForm, ConfirmButton, Field } from './Admin';
import { formText } from '../../forms';

interface Report {
  channelsCreated: number;
  channelsMatched: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  removed: number;
  trimmed: number;
  rejections: { line: number; channel: string | null; start: string | null; reason: string }[];
  warnings: { line: number; channel: string | null; message: string }[];
}

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
const IMPORT = `mutation ImportXmltv($doc: String!) {
  importXmltv(xmlGzipBase64: $doc) {
    channelsCreated channelsMatched imported updated unchanged rejected removed trimmed
    rejections { line channel start reason } warnings { line channel message }
  }
}`;

/** Guides reach 100+ KB, beyond the API's body limit as text: they travel gzip-compressed and base64-encoded. */
async function gzipBase64(file: File): Promise<string> {
  const compressed = await new Response(file.stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
  const bytes = new Uint8Array(compressed);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function ImportReport({ report }: { report: Report }) {
  const counts: [string, number][] = [
    ['Channels created', report.channelsCreated],
    ['Channels matched', report.channelsMatched],
    ['Imported', report.imported],
    ['Updated', report.updated],
    ['Unchanged', report.unchanged],
    ['Rejected', report.rejected],
    ['Removed', report.removed],
    ['Trimmed', report.trimmed],
  ];
  return (
    <section aria-label="Import report" className="report">
      <h2>Import report</h2>
      <dl>
        {counts.map(([label, n]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{n}</dd>
          </div>
        ))}
      </dl>
      {report.rejections.length > 0 && (
        <>
          <h3>Rejected entries</h3>
          <ul>
            {report.rejections.map((r, i) => (
              <li key={i}>
                Line {r.line}
                {r.channel ? ` (${r.channel}${r.start ? `, ${r.start}` : ''})` : ''}: {r.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.warnings.length > 0 && (
        <>
          <h3>Warnings</h3>
          <ul>
            {report.warnings.map((w, i) => (
              <li key={i}>
                Line {w.line}
                {w.channel ? ` (${w.channel})` : ''}: {w.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * Channels and the guide: channels created and deleted (after a confirmation) here, and an XMLTV file
 * uploaded here is imported as a whole, with the per-entry report.
 */
export function AdminLive() {
  const { data, error, loading, refetch } = useQuery<{ channels: Channel[] }>(CHANNELS);
  const [report, setReport] = useState<Report | null>(null);
  const [importError, setImportError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [channelError, setChannelError] = useState<ApiError | null>(null);

  const upload = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = (new FormData(event.currentTarget).get('guide') as File | null) ?? null;
    if (!file || file.size === 0)
      return setImportError(
        new ApiError('Choose an XMLTV file first', { code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'guide', message: 'Choose a file' }] }),
      );
    setBusy(true);
    setImportError(null);
    setReport(null);
    try {
      const { importXmltv } = await gql<{ importXmltv: Report }>(IMPORT, { doc: await gzipBase64(file) });
      setReport(importXmltv);
      refetch();
    } catch (e) {
      setImportError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="live-admin-heading">
      <h1 id="live-admin-heading">Live</h1>
      <form className="admin-form" onSubmit={(e) => void upload(e)} aria-label="Guide import">
        <Field id="guide-file" label="XMLTV guide">
          <input id="guide-file" name="guide" type="file" accept=".xml,.xmltv,application/xml,text/xml" />
        </Field>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Importing…' : 'Import guide'}
        </button>
      </form>
      {importError && <ErrorNotice error={importError} title="The guide was not imported" />}
      {report && <ImportReport report={report} />}
      <h2>Channels</h2>
      <CreateChannel onCreated={refetch} />
      {channelError && <ErrorNotice error={channelError} title="The channel was not deleted" />}
      {error && <ErrorNotice error={error} title="Channels could not be loaded" />}
      {!data && loading && <Loading what="channels" />}
      {data && (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Name</th>
              <th scope="col">XMLTV id</th>
              <th scope="col">Catch-up</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {data.channels.map((c) => (
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
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
