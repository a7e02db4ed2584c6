import { badInput, type FieldError } from '@tvstream/service-kit';

/** The kinds apps lay out, with the size each is registered in when the editor gives none. */
export const ARTWORK_SIZES = {
  POSTER: { width: 600, height: 900 },
  BACKDROP: { width: 1920, height: 1080 },
  THUMBNAIL: { width: 160, height: 240 },
} as const;

export interface ArtworkInput {
  kind: string;
  url: string;
  width?: number | null;
  height?: number | null;
}

export interface Artwork {
  kind: keyof typeof ARTWORK_SIZES;
  url: string;
  width: number;
  height: number;
}

const isKind = (kind: string): kind is keyof typeof ARTWORK_SIZES => Object.hasOwn(ARTWORK_SIZES, kind);

function isWebUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** An editor's artwork list as stored: every entry checked at once, sizes filled in from the kind. */
export function artworkFrom(inputs: ArtworkInput[]): Artwork[] {
  const errors: FieldError[] = [];
  const artwork: Artwork[] = [];
  for (const [index, input] of inputs.entries()) {
    const kind = input.kind.trim().toUpperCase();
    if (!isKind(kind)) {
      errors.push({ field: `artwork.${index}.kind`, message: `Use one of ${Object.keys(ARTWORK_SIZES).join(', ')}` });
      continue;
    }
    const url = input.url.trim();
    if (!isWebUrl(url)) errors.push({ field: `artwork.${index}.url`, message: 'Use an http or https address' });
    for (const side of ['width', 'height'] as const) {
      const value = input[side];
      if (value != null && (!Number.isInteger(value) || value < 1 || value > 10_000)) {
        errors.push({ field: `artwork.${index}.${side}`, message: 'Use 1 to 10000 pixels' });
      }
    }
    artwork.push({ kind, url, width: input.width ?? ARTWORK_SIZES[kind].width, height: input.height ?? ARTWORK_SIZES[kind].height });
  }
  if (errors.length) throw badInput('The artwork has invalid fields', errors);
  return artwork;
}

/** A picture as apps see it: `generated` marks the poster the catalog drew itself. */
export interface ShownArtwork extends Artwork {
  generated: boolean;
}

/** The posters the catalog draws (domain/poster.ts) are SVG documents. */
export const POSTER_MEDIA_TYPE = 'image/svg+xml';

const EXTENSIONS: Record<string, string> = { [POSTER_MEDIA_TYPE]: 'svg' };

/** The file name a rendered image is served under: its hash and its type's extension. */
export const imageFileName = (hash: string, mediaType: string) => `${hash}.${EXTENSIONS[mediaType]}`;

/**
 * The hash a served file name stands for, or null for a name the catalog never gives out (so no other
 * path, encoded or not, reaches the store). The extension is checked against the stored type by the caller.
 */
export function parseImageFileName(name: string): { hash: string; extension: string } | null {
  const match = /^([0-9a-f]{64})\.([a-z0-9]{1,8})$/.exec(name);
  return match ? { hash: match[1], extension: match[2] } : null;
}

export const extensionOf = (mediaType: string): string | undefined => EXTENSIONS[mediaType];

/**
 * A title's pictures for apps: the editors' own, and, while none of them is a poster, the catalog's generated
 * poster, its absolute URL built from `publicBase` (ARTWORK_BASE_URL) at read time so stored rows name no host.
 */
export function shownArtwork(stored: Artwork[], generatedPoster: string | null, publicBase: string): ShownArtwork[] {
  const own = stored.map((a) => ({ ...a, generated: false }));
  if (!generatedPoster || stored.some((a) => a.kind === 'POSTER')) return own;
  const url = `${publicBase.replace(/\/+$/, '')}/${imageFileName(generatedPoster, POSTER_MEDIA_TYPE)}`;
  return [...own, { kind: 'POSTER', url, ...ARTWORK_SIZES.POSTER, generated: true }];
}
