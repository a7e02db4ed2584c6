import { useState } from 'react';

export interface Artwork {
  kind: string;
  url: string;
}

/**
 * The title's poster: its own, else the one the catalog drew from its name (the API lists it as a POSTER
 * while the title has none). Decorative: the title is written beside it. A picture that cannot be loaded
 * leaves an empty frame rather than the browser's broken-image sign.
 */
export function Poster({ artwork, large = false }: { artwork: Artwork[]; large?: boolean }) {
  // The address that failed, not a flag: the same card shown for another title tries that one's picture.
  const [broken, setBroken] = useState<string | null>(null);
  const poster = artwork.find((a) => a.kind.toLowerCase() === 'poster') ?? artwork[0];
  const className = large ? 'poster large' : 'poster';
  if (!poster || broken === poster.url) return <div className={`${className} missing`} aria-hidden="true" />;
  return <img className={className} src={poster.url} alt="" loading="lazy" onError={() => setBroken(poster.url)} />;
}
