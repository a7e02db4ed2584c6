import { formText } from '../../../forms';

/** A form's trimmed text field. */
export const textOf = (form: FormData, name: string) => formText(form, name).trim();

/**
 * A whole-number field as the API's Int: text that is no whole number goes as 0, which the API refuses with
 * its own message beside the field (a null would be a schema error that names no field).
 */
export const wholeOf = (form: FormData, name: string) => (/^\d{1,9}$/.test(textOf(form, name)) ? Number(textOf(form, name)) : 0);

/** A `datetime-local` input's value (the browser's time zone) as an instant; empty clears it. */
export const instantOf = (form: FormData, name: string) => (textOf(form, name) ? new Date(textOf(form, name)).toISOString() : null);

/** An instant as a `datetime-local` value in the browser's time zone. */
export function localInputOf(iso: string | null): string {
  if (!iso) return '';
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
