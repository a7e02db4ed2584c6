import { useEffect, useRef, useState, type SubmitEvent, type ReactNode } from 'react';
import { ApiError, useSession } from '../../api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Link, navigate, signInPath, usePageTitle } from '../../router';
import { AdminLive } from './AdminLive';
import { AdminRights } from './AdminRights';
import { AdminSearch } from './AdminSearch';
import { AdminTitles } from './AdminTitles';
import { AdminUsers } from './AdminUsers';

/** The console's sections and the roles the API lets use them (ADMIN may do everything). */
const SECTIONS = [
  { path: 'titles', name: 'Titles', roles: ['EDITOR', 'ADMIN'], page: () => <AdminTitles /> },
  { path: 'live', name: 'Live', roles: ['EDITOR', 'ADMIN'], page: () => <AdminLive /> },
  { path: 'rights', name: 'Rights', roles: ['RIGHTS_MANAGER', 'ADMIN'], page: () => <AdminRights /> },
  { path: 'users', name: 'Users', roles: ['ADMIN'], page: () => <AdminUsers /> },
  { path: 'search', name: 'Search', roles: ['ADMIN'], page: () => <AdminSearch /> },
] as const;

export const STAFF_ROLES = ['EDITOR', 'RIGHTS_MANAGER', 'ADMIN'];

/**
 * The admin console at /admin: only the sections the signed-in account's roles may use are listed or
 * opened. The API refuses the rest anyway (every admin field is role-gated there); hiding them is for the
 * operator, not the security.
 */
export function Admin({ section }: { section: string | null }) {
  const session = useSession();
  const roles = session?.user.roles ?? [];
  const allowed = SECTIONS.filter((s) => s.roles.some((r) => roles.includes(r)));
  const current = allowed.find((s) => s.path === section) ?? null;

  useEffect(() => {
    if (!session) navigate(signInPath(), { replace: true });
    else if (!current && allowed.length > 0) navigate(`/admin/${allowed[0].path}`, { replace: true });
  }, [session, current, allowed]);
  usePageTitle(current ? `${current.name} · Admin` : 'Admin');

  if (!session) return null;
  if (allowed.length === 0) {
    return (
      <section className="empty" aria-labelledby="admin-heading">
        <h1 id="admin-heading">Not allowed</h1>
        <p role="alert">
          The admin console is for editors, rights managers and administrators; your account has none of these roles.{' '}
          <Link to="/">Back to the home screen</Link>
        </p>
      </section>
    );
  }
  return (
    <div className="admin">
      <nav aria-label="Admin" className="admin-nav">
        {allowed.map((s) => (
          <Link key={s.path} to={`/admin/${s.path}`} aria-current={s === current ? 'page' : undefined}>
            {s.name}
          </Link>
        ))}
      </nav>
      {current?.page()}
    </div>
  );
}

/** The API's `fieldErrors` by field name, so a form shows each beside its field. */
export function fieldErrorsOf(error: ApiError | null): Record<string, string> {
  const list = (error?.extensions.fieldErrors as { field: string; message: string }[] | undefined) ?? [];
  const byField: Record<string, string> = {};
  // A field's first message is the one to fix first ("A title is required" before its length rule).
  for (const f of list) byField[f.field.split('.').pop()!] ??= f.message;
  return byField;
}

/** A labelled form field with the API's message for it, tied to the input for screen readers. */
export function Field({ id, label, error, children }: { id: string; label: string; error?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** A destructive action asks first, in the page (no window.confirm, which automation and some browsers block). */
export function ConfirmButton({ label, confirm, onConfirm }: { label: string; confirm: string; onConfirm: () => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={confirm}>
      {confirm}{' '}
      <button
        type="button"
        className="danger"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void onConfirm().finally(() => {
            setBusy(false);
            setAsking(false);
          });
        }}
      >
        Yes, {label.toLowerCase()}
      </button>{' '}
      <button type="button" className="ghost" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

export interface AdminFormProps {
  /** Prefix of the form's ids (its heading is `<id>-heading`). */
  id: string;
  heading: string;
  submitLabel: string;
  /** The notice's title when the API refuses for a reason that is no one field's. */
  failedTitle: string;
  /** Sends the form's mutation; a refusal's field errors go beside the fields. */
  run: (form: FormData) => Promise<unknown>;
  /** After a success (the form is cleared): reload what it changed. */
  onDone: () => void;
  /**
   * An edit form keeps the values just saved in its fields: clearing it would show the old values (its
   * defaults) until the reload arrives.
   */
  keepValues?: boolean;
  /** The fields, given the API's message per field name. */
  children: (errors: Record<string, string>) => ReactNode;
}

/**
 * An admin form: sends its mutation, shows the API's `fieldErrors` beside the fields and any other refusal
 * below them, and clears itself once the API accepted it.
 */
export function AdminForm({ id, heading, submitLabel, failedTitle, run, onDone, keepValues, children }: AdminFormProps) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrorsOf(error);
  const form = useRef<HTMLFormElement>(null);
  // The submit button is disabled while the mutation runs, which drops the keyboard's focus: a refusal takes it
  // to the first field the API named (a Field's message is `<control id>-error`), so the fix is typed at once.
  useEffect(() => {
    const message = form.current?.querySelector<HTMLElement>('.field-error[id$="-error"]');
    if (message) document.getElementById(message.id.slice(0, -'-error'.length))?.focus();
  }, [error]);
  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    setBusy(true);
    setError(null);
    try {
      await run(new FormData(target));
      if (!keepValues) target.reset();
      onDone();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form ref={form} className="admin-form" aria-labelledby={`${id}-heading`} noValidate onSubmit={(e) => void submit(e)}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      {children(errors)}
      <button type="submit" className="primary" disabled={busy}>
        {submitLabel}
      </button>
      {error && !Object.keys(errors).length && <ErrorNotice error={error} title={failedTitle} />}
    </form>
  );
}
