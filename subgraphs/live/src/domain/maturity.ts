/**
 * Ratings → minimum age. The platform's maturity levels are 0, 7, 12, 16 and 18; a published rating maps
 * to the smallest level at or above its age, so parental control never lets through more than the rating
 * allows (a Brazilian "10" becomes 12). Unrated or unknown ratings are 0.
 */
export const MATURITY_LEVELS = [0, 7, 12, 16, 18] as const;

export function levelForAge(age: number): number {
  for (const level of MATURITY_LEVELS) if (age <= level) return level;
  return 18;
}

const NAMED: Record<string, number> = {
  // MPAA
  G: 0,
  PG: 7,
  'PG-13': 13,
  R: 17,
  'NC-17': 18,
  NR: 0,
  UNRATED: 0,
  // US TV parental guidelines (V-chip)
  'TV-Y': 0,
  'TV-Y7': 7,
  'TV-Y7-FV': 7,
  'TV-G': 0,
  'TV-PG': 10,
  'TV-14': 14,
  'TV-MA': 17,
  // BBFC
  U: 0,
  UC: 0,
  '12A': 12,
  R18: 18,
  // Brazil ClassInd, Argentina/Chile and friends
  L: 0,
  LIVRE: 0,
  ATP: 0,
  TE: 0,
  'TE+7': 7,
  'TE+12': 12,
  E: 0,
  FAMILIAR: 0,
  // Common text forms
  ALL: 0,
  'ALL AGES': 0,
  ADULT: 18,
  ADULTS: 18,
  XXX: 18,
  X: 18,
};

/** Minimum age for one rating value (optionally with its system), or 0 when it cannot be read. */
export function maturityFromRating(value: string | null | undefined, _system?: string | null): number {
  if (!value) return 0;
  const text = value.trim().toUpperCase();
  if (!text) return 0;
  if (text in NAMED) return levelForAge(NAMED[text]);
  // "16", "+16", "16+", "FSK 16", "PEGI 12", "A14", "M18", "R-18", "-12"
  const digits = /(\d{1,2})/.exec(text);
  if (digits) {
    const age = Number(digits[1]);
    if (age >= 0 && age <= 21) return levelForAge(age);
  }
  return 0;
}
