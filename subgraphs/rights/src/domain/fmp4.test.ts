import { shiftSegment, trackTimescales } from './fmp4';

const box = (type: string, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
};
const u32 = (...values: number[]) => Buffer.concat(values.map((v) => Buffer.from([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255])));
const u64 = (value: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(value);
  return b;
};
const fullBox = (type: string, version: number, ...parts: Buffer[]) => box(type, u32(version << 24), ...parts);

/** An init segment's tracks: tkhd (version 0: times, then the track id) and mdhd (times, then the timescale). */
const trak = (trackId: number, timescale: number) =>
  box('trak', fullBox('tkhd', 0, u32(0, 0, trackId, 0, 0)), box('mdia', fullBox('mdhd', 0, u32(0, 0, timescale, 0))));
const init = box('moov', fullBox('mvhd', 0, u32(0, 0, 1000, 0)), trak(1, 12_800), trak(2, 48_000));

/** A media segment: one sidx per track, and a moof with a track fragment per track. */
const sidx = (trackId: number, timescale: number, earliest: bigint) => fullBox('sidx', 1, u32(trackId, timescale), u64(earliest), u64(0n), u32(0));
const traf = (trackId: number, decodeTime: bigint) =>
  box('traf', fullBox('tfhd', 0, u32(trackId)), fullBox('tfdt', 1, u64(decodeTime)), fullBox('trun', 0, u32(0)));
const segment = (video: bigint, audio: bigint) =>
  Buffer.concat([
    box('styp', Buffer.from('msdh')),
    sidx(1, 12_800, video),
    sidx(2, 48_000, audio),
    box('moof', fullBox('mfhd', 0, u32(1)), traf(1, video), traf(2, audio)),
    box('mdat', Buffer.from('samples')),
  ]);

describe('fMP4 segments moved along the timeline', () => {
  it("read each track's timescale from the initialization segment", () => {
    expect(trackTimescales(init)).toEqual(
      new Map([
        [1, 12_800],
        [2, 48_000],
      ]),
    );
  });

  it('move every track fragment and segment index by whole seconds in its own timescale, nothing else', () => {
    const original = segment(25_600n, 96_256n);
    const moved = shiftSegment(original, 30, trackTimescales(init));
    expect(moved).toEqual(segment(25_600n + 30n * 12_800n, 96_256n + 30n * 48_000n));
    expect(moved.length).toBe(original.length);
    // The packaged segment is shared by every pass of the loop: it is copied, never changed.
    expect(original).toEqual(segment(25_600n, 96_256n));
  });

  it('hold epoch-scale times (64-bit), and refuse what cannot', () => {
    const shift = 1_796_000_000;
    expect(shiftSegment(segment(0n, 0n), shift, trackTimescales(init))).toEqual(segment(BigInt(shift) * 12_800n, BigInt(shift) * 48_000n));
    const thin = Buffer.concat([box('moof', box('traf', fullBox('tfhd', 0, u32(1)), fullBox('tfdt', 0, u32(0))))]);
    expect(() => shiftSegment(thin, 30, trackTimescales(init))).toThrow('32-bit tfdt');
    expect(() => shiftSegment(segment(0n, 0n), 30, new Map([[1, 12_800]]))).toThrow('track 2 is not in the initialization segment');
    expect(() => shiftSegment(Buffer.from([0, 0, 0, 64, 109, 111, 111, 102]), 30, trackTimescales(init))).toThrow('malformed box');
  });
});
