/**
 * XMLTV times: `YYYYMMDDhhmmss ±hhmm`. Trailing fields may be left off (`YYYYMMDDhhmm`, `YYYYMMDD`), the
 * offset may be absent (XMLTV then means UTC) or written `Z`/`UTC`/`GMT`. Every instant is stored in UTC:
 * `20261125200000 +0100` is 2026-11-25T19:00:00Z.
 */
const PATTERN = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:([+-])(\d{2}):?(\d{2})|(Z|UTC|GMT))?$/i;

export class XmltvTimeError extends Error {}

export function parseXmltvTime(raw: string): Date {
  const value = raw.trim();
  const m = PATTERN.exec(value);
  if (!m) throw new XmltvTimeError(`"${raw}" is not an XMLTV time (expected YYYYMMDDhhmmss ±hhmm)`);
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  if (
    month < 1 ||
    month > 12 ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    throw new XmltvTimeError(`"${raw}" is not a valid date and time`);
  }
  let offsetMinutes = 0;
  if (sign) {
    const hours = Number(oh);
    const minutes = Number(om);
    if (hours > 14 || minutes > 59) throw new XmltvTimeError(`"${raw}" has an impossible UTC offset`);
    offsetMinutes = (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  // Local wall time minus its offset is the UTC instant.
  return new Date(utc - offsetMinutes * 60_000);
}
