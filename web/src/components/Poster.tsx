import { useState, type CSSProperties } from 'react';

export interface Artwork {
  kind: string;
  url: string;
}

/** The title's poster, or a generated card with its initials when there is no artwork or it cannot be loaded. */
export function Poster({ title, artwork, large = false }: { title: string; artwork: Artwork[]; large?: boolean }) {
  const [broken, setBroken] = useState(false);
  const poster = artwork.find((a) => a.kind.toLowerCase() === 'poster') ?? artwork[0];
  if (poster && !broken) {
    return <img className={large ? 'poster large' : 'poster'} src={poster.url} alt="" loading="lazy" onError={() => setBroken(true)} />;
  }
  const initials = title
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
  // A stable hue per title, so the placeholder wall is not one colour. React sets it through the CSSOM,
  // which the content security policy allows (inline style attributes it would not).
  const hue = [...title].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
  return (
    <div className={large ? 'poster placeholder large' : 'poster placeholder'} aria-hidden="true" style={{ '--hue': hue } as CSSProperties}>
      {initials}
    </div>
  );
}
