import { useId, useState } from 'react';

export interface Artwork {
  kind: string;
  url: string;
}

/** A number per title, so its generated poster keeps its colours and shapes from one visit to the next. */
function hashOf(text: string): number {
  let hash = 7;
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) >>> 0;
  return hash;
}

/** The title's words in lines of about `width` characters, at most `max` lines (the last one shortened). */
function lines(title: string, width: number, max: number): string[] {
  const out: string[] = [];
  for (const word of title.split(/\s+/).filter(Boolean)) {
    const last = out[out.length - 1];
    if (last !== undefined && (last + ' ' + word).length <= width) out[out.length - 1] = `${last} ${word}`;
    else out.push(word);
  }
  if (out.length <= max) return out;
  return [...out.slice(0, max - 1), `${out[max - 1]}…`];
}

/**
 * A poster drawn for titles without artwork: a gradient and shapes from the title's hash, and the title set
 * in large type. SVG attributes, not inline styles, so the content security policy has nothing to refuse.
 */
function GeneratedPoster({ title, large }: { title: string; large: boolean }) {
  const gradient = useId();
  const h = hashOf(title);
  const hue = h % 360;
  const second = (hue + 40 + ((h >>> 9) % 120)) % 360;
  const text = lines(title, 12, 4);
  return (
    <svg className={large ? 'poster generated large' : 'poster generated'} viewBox="0 0 200 300" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id={gradient} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor={`hsl(${hue} 65% 38%)`} />
          <stop offset="1" stopColor={`hsl(${second} 70% 14%)`} />
        </linearGradient>
      </defs>
      <rect width="200" height="300" fill={`url(#${gradient})`} />
      <circle cx={40 + (h % 120)} cy={60 + ((h >>> 4) % 90)} r={50 + ((h >>> 7) % 50)} fill="#fff" opacity="0.08" />
      <circle cx={160 - ((h >>> 3) % 100)} cy={200 + ((h >>> 5) % 60)} r={30 + ((h >>> 11) % 40)} fill="#000" opacity="0.18" />
      <text x="16" y={270 - text.length * 26} fill="#fff" fontFamily="system-ui, sans-serif" fontWeight="800" fontSize="23">
        {text.map((line, i) => (
          <tspan key={i} x="16" dy="26">
            {line}
          </tspan>
        ))}
      </text>
    </svg>
  );
}

/** The title's poster, or a generated one when there is no artwork or it cannot be loaded. */
export function Poster({ title, artwork, large = false }: { title: string; artwork: Artwork[]; large?: boolean }) {
  const [broken, setBroken] = useState(false);
  const poster = artwork.find((a) => a.kind.toLowerCase() === 'poster') ?? artwork[0];
  if (poster && !broken) {
    return <img className={large ? 'poster large' : 'poster'} src={poster.url} alt="" loading="lazy" onError={() => setBroken(true)} />;
  }
  return <GeneratedPoster title={title} large={large} />;
}
