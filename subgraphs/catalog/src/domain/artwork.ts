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
