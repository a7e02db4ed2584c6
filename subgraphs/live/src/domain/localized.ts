/**
 * Multi-language texts. XMLTV gives a title, subtitle, description or category once per language
 * (`<title lang="es">…</title><title lang="en">…</title>`); all are kept, in the guide's order, and a reader
 * picks the one in its preferred language, falling back sensibly.
 */
export interface LocalizedText {
  /** BCP 47 tag as the guide wrote it (e.g. `es`, `pt-BR`), or null when the guide gave none. */
  language: string | null;
  text: string;
}

const primary = (tag: string) => tag.toLowerCase().split(/[-_]/)[0];

/**
 * Chooses a language among those available:
 * 1. the preferred language exactly (case-insensitive),
 * 2. the same primary language (`pt` ↔ `pt-BR`),
 * 3. the programme's own language, when given,
 * 4. a text without a language tag,
 * 5. the first one the guide listed.
 */
export function chooseLanguage(available: readonly (string | null)[], preferred?: string | null, fallback?: string | null): string | null | undefined {
  if (!available.length) return undefined;
  const find = (wanted: string | null | undefined) => {
    if (!wanted) return undefined;
    const exact = available.find((l) => l !== null && l.toLowerCase() === wanted.toLowerCase());
    if (exact !== undefined) return exact;
    return available.find((l) => l !== null && primary(l) === primary(wanted));
  };
  const chosen = find(preferred) ?? find(fallback);
  if (chosen !== undefined) return chosen;
  if (available.includes(null)) return null;
  return available[0];
}

/** The text in the preferred language (see `chooseLanguage`), or null when there is none at all. */
export function pickLocalized(texts: readonly LocalizedText[], preferred?: string | null, fallback?: string | null): string | null {
  const language = chooseLanguage(
    texts.map((t) => t.language),
    preferred,
    fallback,
  );
  if (language === undefined) return null;
  return texts.find((t) => t.language === language)?.text ?? null;
}

/** Every text in the chosen language, for list-valued fields such as categories. */
export function pickLocalizedList(texts: readonly LocalizedText[], preferred?: string | null, fallback?: string | null): string[] {
  const language = chooseLanguage([...new Set(texts.map((t) => t.language))], preferred, fallback);
  if (language === undefined) return [];
  return texts.filter((t) => t.language === language).map((t) => t.text);
}

/** Events carry `{ lang: text }`; a text without a language tag is keyed `und` (BCP 47 "undetermined"). */
export function toLanguageMap(texts: readonly LocalizedText[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const t of texts) {
    const key = t.language ?? 'und';
    if (!(key in map)) map[key] = t.text;
  }
  return map;
}

/** Reads a stored JSON column back into texts, tolerating anything malformed as empty. */
export function asLocalizedTexts(value: unknown): LocalizedText[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((v): v is { language?: unknown; text: unknown } => !!v && typeof v === 'object' && 'text' in v)
    .map((v) => ({ language: typeof v.language === 'string' ? v.language : null, text: String(v.text) }));
}
