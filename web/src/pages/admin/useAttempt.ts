import { useCallback, useState } from 'react';
import type { ApiError } from '../../api';

/** Runs a button's action and keeps its refusal to show, so no failure goes unseen (or unhandled). */
export function useAttempt() {
  const [error, setError] = useState<ApiError | null>(null);
  const attempt = useCallback(async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e as ApiError);
    }
  }, []);
  return { error, attempt };
}
