/**
 * Just enough of ISO BMFF (fMP4/CMAF) to move a packaged segment along the media timeline: the origin plays
 * a channel as an endless repetition of one packaged loop, and each repetition's segments must carry later
 * decode times than the one before, so the live stream is one continuous timeline (no discontinuity at every
 * restart of the loop, which players handle badly once they fall behind the live window).
 */

interface Box {
  type: string;
  /** Offset of the box's first byte. */
  start: number;
  /** Offset of the box's payload (after size, type and any 64-bit size). */
  body: number;
  end: number;
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'moof', 'traf']);

function boxesIn(data: Buffer, from: number, to: number): Box[] {
  const boxes: Box[] = [];
  let at = from;
  while (at + 8 <= to) {
    let size = data.readUInt32BE(at);
    let body = at + 8;
    if (size === 1) {
      size = Number(data.readBigUInt64BE(at + 8));
      body = at + 16;
    } else if (size === 0) size = to - at;
    if (size < body - at || at + size > to) throw new Error(`malformed box at byte ${at}`);
    boxes.push({ type: data.toString('latin1', at + 4, at + 8), start: at, body, end: at + size });
    at += size;
  }
  return boxes;
}

function* walk(data: Buffer, from = 0, to = data.length): Generator<Box> {
  for (const box of boxesIn(data, from, to)) {
    yield box;
    if (CONTAINERS.has(box.type)) yield* walk(data, box.body, box.end);
  }
}

const child = (data: Buffer, parent: Box, type: string) => boxesIn(data, parent.body, parent.end).find((b) => b.type === type);

/** Each track's timescale (ticks per second), by track id, from an initialization segment's `moov`. */
export function trackTimescales(init: Buffer): Map<number, number> {
  const scales = new Map<number, number>();
  for (const trak of walk(init)) {
    if (trak.type !== 'trak') continue;
    const tkhd = child(init, trak, 'tkhd');
    const mdia = child(init, trak, 'mdia');
    const mdhd = mdia && child(init, mdia, 'mdhd');
    if (!tkhd || !mdhd) throw new Error('a track without tkhd or mdhd');
    // Version 1 boxes hold 64-bit creation and modification times before the fields read here.
    const trackId = init.readUInt32BE(tkhd.body + (init[tkhd.body] === 1 ? 20 : 12));
    scales.set(trackId, init.readUInt32BE(mdhd.body + (init[mdhd.body] === 1 ? 20 : 12)));
  }
  return scales;
}

/**
 * A copy of a media segment played `seconds` later: every track fragment's decode time (`tfdt`) and every
 * segment index's earliest presentation time (`sidx`) moved by that many seconds in its own timescale.
 * Sample data and sizes are untouched. Needs 64-bit (version 1) `tfdt` and `sidx`, which ffmpeg writes.
 */
export function shiftSegment(segment: Buffer, seconds: number, timescales: Map<number, number>): Buffer {
  const out = Buffer.from(segment);
  const ticks = (timescale: number) => {
    const shift = seconds * timescale;
    if (!Number.isSafeInteger(shift)) throw new Error(`a shift of ${seconds} s is not a whole number of ticks at ${timescale}/s`);
    return BigInt(shift);
  };
  for (const box of walk(out)) {
    if (box.type === 'sidx') {
      if (out[box.body] !== 1) throw new Error('a 32-bit sidx cannot hold live times');
      const timescale = out.readUInt32BE(box.body + 8);
      out.writeBigUInt64BE(out.readBigUInt64BE(box.body + 12) + ticks(timescale), box.body + 12);
    } else if (box.type === 'traf') {
      const tfhd = child(out, box, 'tfhd');
      const tfdt = child(out, box, 'tfdt');
      if (!tfhd || !tfdt) throw new Error('a track fragment without tfhd or tfdt');
      if (out[tfdt.body] !== 1) throw new Error('a 32-bit tfdt cannot hold live times');
      const timescale = timescales.get(out.readUInt32BE(tfhd.body + 4));
      if (!timescale) throw new Error(`track ${out.readUInt32BE(tfhd.body + 4)} is not in the initialization segment`);
      out.writeBigUInt64BE(out.readBigUInt64BE(tfdt.body + 4) + ticks(timescale), tfdt.body + 4);
    }
  }
  return out;
}
