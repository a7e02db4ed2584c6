import { useState, type SubmitEvent } from 'react';
import { ApiError, register, signIn } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { navigate, usePageTitle } from '../router';
import { formText } from '../forms';

/** Sign in, or create an account (identity's `login` and `register`), then go back where the viewer was. */
export function SignIn({ next }: { next: string }) {
  const [mode, setMode] = useState<'signin' | 'register'>('signin');
  usePageTitle(mode === 'signin' ? 'Sign in' : 'Create account');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // Only same-app paths, so a crafted link cannot send the viewer elsewhere after signing in.
  const destination = next.startsWith('/') && !next.startsWith('//') ? next : '/';

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = formText(form, 'email').trim();
    const password = formText(form, 'password');
    setBusy(true);
    setError(null);
    try {
      if (mode === 'signin') await signIn(email, password);
      else await register({ email, password, displayName: formText(form, 'displayName').trim() || email.split('@')[0] });
      navigate(destination, { replace: true });
    } catch (e) {
      setError(e as ApiError);
      setBusy(false);
    }
  };

  return (
    <section className="auth">
      <div className="tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={mode === 'signin'}
          onClick={() => {
            setMode('signin');
            setError(null);
          }}
        >
          Sign in
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={mode === 'register'}
          onClick={() => {
            setMode('register');
            setError(null);
          }}
        >
          Create account
        </button>
      </div>
      <form onSubmit={(e) => void submit(e)} aria-label={mode === 'signin' ? 'Sign in' : 'Create account'}>
        {mode === 'register' && (
          <label>
            Your name
            <input name="displayName" autoComplete="name" required maxLength={80} />
          </label>
        )}
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
            minLength={mode === 'register' ? 10 : undefined}
            required
          />
        </label>
        {mode === 'register' && <p className="hint">At least 10 characters, not a common password.</p>}
        {error && <ErrorNotice error={error} />}
        <button type="submit" className="primary" disabled={busy}>
          {mode === 'signin' ? 'Sign in' : 'Create account'}
        </button>
      </form>
    </section>
  );
}
