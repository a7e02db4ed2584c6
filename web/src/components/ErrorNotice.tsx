import type { ApiError } from '../api';

/** Friendlier words for the refusals a viewer meets; the code itself is always shown too. */
const HINTS: Record<string, string> = {
  NOT_ENTITLED: 'Subscribe to a plan or rent this title to watch it.',
  STREAM_LIMIT_REACHED: 'Your plan is already playing its maximum number of streams. Stop one to start another.',
  MATURITY_RESTRICTED: "This is above the active profile's age rating.",
  PAYMENT_DECLINED: 'Your card was declined; try another card.',
  UNAUTHENTICATED: 'Please sign in again.',
  RATE_LIMITED: 'Too many attempts; wait a moment and try again.',
  NETWORK_ERROR: 'Check your connection and try again.',
  BAD_GATEWAY: 'The service is restarting; try again shortly.',
};

export function ErrorNotice({ error, title }: { error: ApiError; title?: string }) {
  const fieldErrors = (error.extensions.fieldErrors as { field: string; message: string }[] | undefined) ?? [];
  const retryAfter = error.extensions.retryAfterSeconds as number | undefined;
  return (
    <div className="error" role="alert" data-code={error.label}>
      <div>
        <code className="code">{error.label}</code> {title && <strong>{title}</strong>}
      </div>
      <p>{error.message}</p>
      {HINTS[error.label] && <p className="hint">{HINTS[error.label]}</p>}
      {retryAfter !== undefined && <p className="hint">Try again in {retryAfter} s.</p>}
      {fieldErrors.length > 0 && (
        <ul>
          {fieldErrors.map((f) => (
            <li key={f.field}>
              {f.field}: {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" aria-busy="true">
      Loading {what}…
    </p>
  );
}
