import { liveSegment, liveWindow, newestLiveSegment, parsePackagedRendition, recordingPlaylist, recordingSegments, signPlaylistUris } from './hls';

const packaged = [
  '#EXTM3U',
  '#EXT-X-VERSION:7',
  '#EXT-X-TARGETDURATION:2',
  '#EXT-X-MEDIA-SEQUENCE:0',
  '#EXT-X-PLAYLIST-TYPE:VOD',
  '#EXT-X-MAP:URI="init.mp4"',
  '#EXTINF:2.000000,',
  'seg_000.m4s',
  '#EXTINF:2.000000,',
  'seg_001.m4s',
  '#EXTINF:2.000000,',
  'seg_002.m4s',
  '#EXT-X-ENDLIST',
  '',
].join('\n');

const segmentsOf = (playlist: string) => playlist.split('\n').filter((l) => l && !l.startsWith('#'));

describe('HLS playlists served by the origin', () => {
  it('sign every URI: rendition lines, segments and the init section', () => {
    const master = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p/index.m3u8\n';
    expect(signPlaylistUris(master, 'session=s&exp=1&sig=x')).toBe(
      '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p/index.m3u8?session=s&exp=1&sig=x\n',
    );
    const signed = signPlaylistUris(packaged, 'sig=x');
    expect(signed).toContain('#EXT-X-MAP:URI="init.mp4?sig=x"');
    expect(segmentsOf(signed)).toEqual(['seg_000.m4s?sig=x', 'seg_001.m4s?sig=x', 'seg_002.m4s?sig=x']);
  });

  it('read a packaged rendition', () => {
    expect(parsePackagedRendition(packaged)).toEqual({
      targetDuration: 2,
      mapUri: 'init.mp4',
      segments: ['seg_000.m4s', 'seg_001.m4s', 'seg_002.m4s'].map((uri) => ({ duration: 2, uri })),
    });
    expect(() => parsePackagedRendition('#EXTM3U\n')).toThrow('not a media playlist');
  });

  it('make a live window that slides with the clock over endless passes of the loop, as one timeline', () => {
    const loop = parsePackagedRendition(packaged);
    const at = (seconds: number) => liveWindow(loop, new Date(seconds * 1000), 4);
    // At 21 s segment 10 is being produced: the window is live segments 7..10.
    const window = at(21);
    expect(window).toContain('#EXT-X-MEDIA-SEQUENCE:7\n');
    expect(window).not.toContain('#EXT-X-ENDLIST');
    expect(segmentsOf(window)).toEqual(['live-7.m4s', 'live-8.m4s', 'live-9.m4s', 'live-10.m4s']);
    // The loop restarts at segment 9, but its segments are moved along the timeline: no discontinuity.
    expect(window).not.toContain('DISCONTINUITY');
    expect(window).toContain('#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:14.000Z');
    expect(window).toContain('#EXT-X-MAP:URI="init.mp4"');
    // Two seconds later the window has moved by one segment.
    expect(at(23)).toContain('#EXT-X-MEDIA-SEQUENCE:8\n');
    expect(segmentsOf(at(23))).toEqual(['live-8.m4s', 'live-9.m4s', 'live-10.m4s', 'live-11.m4s']);
    expect(newestLiveSegment(loop, new Date(23_000))).toBe(11);
  });

  it("name a live segment's packaged file and how far along the timeline it moves", () => {
    const loop = parsePackagedRendition(packaged);
    // Three segments of 2 s: a pass of the loop lasts 6 s; segment 10 is the loop's 1 in its fourth pass.
    expect(liveSegment(loop, 'live-10.m4s')).toEqual({ uri: 'seg_001.m4s', number: 10, shiftSeconds: 18 });
    expect(liveSegment(loop, 'live-2.m4s')).toEqual({ uri: 'seg_002.m4s', number: 2, shiftSeconds: 0 });
    expect(liveSegment(loop, 'seg_001.m4s')).toBeNull();
    expect(liveSegment(loop, 'live-1e3.m4s')).toBeNull();
  });

  it("replay a programme's airtime from the channel's timeline: whole once aired, growing while on air", () => {
    const loop = parsePackagedRendition(packaged);
    const t = (seconds: number) => new Date(seconds * 1000);
    // Aired from 21 s to 27 s: the segments playing then are 10 (20-22 s) to 13 (26-28 s).
    expect(recordingSegments(loop, t(21), t(27))).toEqual({ first: 10, last: 13 });
    const aired = recordingPlaylist(loop, t(21), t(27), t(100));
    expect(segmentsOf(aired)).toEqual(['live-10.m4s', 'live-11.m4s', 'live-12.m4s', 'live-13.m4s']);
    expect(aired).toContain('#EXT-X-PLAYLIST-TYPE:VOD\n');
    expect(aired.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    expect(aired).toContain('#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:20.000Z');
    // At 24.5 s the programme is on air: what has aired so far, and more to come.
    const onAir = recordingPlaylist(loop, t(21), t(27), t(24.5));
    expect(segmentsOf(onAir)).toEqual(['live-10.m4s', 'live-11.m4s', 'live-12.m4s']);
    expect(onAir).toContain('#EXT-X-PLAYLIST-TYPE:EVENT\n');
    expect(onAir).not.toContain('#EXT-X-ENDLIST');
  });
});
