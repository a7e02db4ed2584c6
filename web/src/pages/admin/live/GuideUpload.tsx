import { useState, type SubmitEvent } from 'react';
import { ApiError, gqlUpload } from '../../../api';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Field } from '../Admin';
import { ImportReport, type Report } from './ImportReport';

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

/** Where an upload stands: the bytes sent, then the server's import (which reports only when done). */
type Stage = { step: 'compressing' } | { step: 'uploading'; sent: number; total: number } | { step: 'importing' };

function UploadProgress({ stage }: { stage: Stage }) {
  const percent = stage.step === 'uploading' && stage.total > 0 ? Math.round((stage.sent / stage.total) * 100) : null;
  const text =
    stage.step === 'compressing'
      ? 'Compressing the guide…'
      : stage.step === 'uploading'
        ? `Uploading: ${percent ?? 0}%`
        : 'Uploaded; importing the programmes…';
  return (
    <div role="status" aria-label="Guide import progress">
      <p>{text}</p>
      {/* An indeterminate bar while compressing or importing: neither reports how far it is. */}
      <progress aria-label="Guide import progress" max={100} value={percent ?? undefined} />
    </div>
  );
}

/** An XMLTV file imported as a whole: its upload's progress, then the per-entry report. */
export function GuideUpload({ onImported }: { onImported: () => void }) {
  const [stage, setStage] = useState<Stage | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const upload = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = (new FormData(event.currentTarget).get('guide') as File | null) ?? null;
    setReport(null);
    if (!file || file.size === 0) {
      return setError(new ApiError('Choose an XMLTV file first', { code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'guide', message: 'Choose a file' }] }));
    }
    setError(null);
    setStage({ step: 'compressing' });
    try {
      const doc = await gzipBase64(file);
      const { importXmltv } = await gqlUpload<{ importXmltv: Report }>(IMPORT, { doc }, (sent, total) =>
        setStage(total > 0 && sent >= total ? { step: 'importing' } : { step: 'uploading', sent, total }),
      );
      setReport(importXmltv);
      onImported();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setStage(null);
    }
  };

  return (
    <>
      <form className="admin-form" onSubmit={(e) => void upload(e)} aria-label="Guide import">
        <Field id="guide-file" label="XMLTV guide" error={(error?.extensions.fieldErrors as { message: string }[] | undefined)?.[0]?.message}>
          <input id="guide-file" name="guide" type="file" accept=".xml,.xmltv,application/xml,text/xml" />
        </Field>
        <button type="submit" className="primary" disabled={stage !== null}>
          {stage ? 'Importing…' : 'Import guide'}
        </button>
      </form>
      {stage && <UploadProgress stage={stage} />}
      {error && !error.extensions.fieldErrors && <ErrorNotice error={error} title="The guide was not imported" />}
      {report && <ImportReport report={report} />}
    </>
  );
}
