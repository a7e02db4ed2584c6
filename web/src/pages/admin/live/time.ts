/** The guide is edited in the operator's own time zone; the API speaks UTC instants. */

const pad = (n: number) => String(n).padStart(2, '0');

/** `yyyy-mm-dd` of an instant, in local time (a date input's value). */
export const localDay = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** `yyyy-mm-ddThh:mm` of an instant, in local time (a datetime-local input's value). */
export const localMinute = (iso: string) => {
  const date = new Date(iso);
  return `${localDay(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
};

/** A datetime-local value as an ISO instant; '' stays '' so the API names the missing field. */
export const instantOf = (local: string) => (local ? new Date(local).toISOString() : '');

/** The local day `yyyy-mm-dd` as the window [its midnight, the next midnight). */
export function dayWindow(day: string): { from: string; to: string } {
  const [y, m, d] = day.split('-').map(Number);
  return { from: new Date(y, m - 1, d).toISOString(), to: new Date(y, m - 1, d + 1).toISOString() };
}

export const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
