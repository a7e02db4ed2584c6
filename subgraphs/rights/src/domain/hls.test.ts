import { liveWindow, parsePackagedRendition, signPlaylistUris } from './hls';

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

  it('make a live window that slides with the clock and loops the packaged segments', () => {
    const loop = parsePackagedRendition(packaged);
    const at = (seconds: number) => liveWindow(loop, new Date(seconds * 1000), 4);
    // At 21 s segment 10 is being produced: the window is segments 7..10, i.e. the loop's 1, 2, 0, 1.
    const window = at(21);
    expect(window).toContain('#EXT-X-MEDIA-SEQUENCE:7\n');
    expect(window).not.toContain('#EXT-X-ENDLIST');
    expect(segmentsOf(window)).toEqual(['seg_001.m4s', 'seg_002.m4s', 'seg_000.m4s', 'seg_001.m4s']);
    // The loop restarts at segment 9: one discontinuity before it; 7 is in the loop's third pass (sequence 2).
    expect(window).toContain('#EXT-X-DISCONTINUITY-SEQUENCE:2\n');
    expect(window.split('\n').filter((l) => l === '#EXT-X-DISCONTINUITY')).toHaveLength(1);
    expect(window.indexOf('#EXT-X-DISCONTINUITY\n')).toBeLessThan(window.indexOf('seg_000.m4s'));
    expect(window).toContain('#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:20.000Z');

    // Two seconds later the window has moved by one segment; a window starting on a restart counts it.
    expect(at(23)).toContain('#EXT-X-MEDIA-SEQUENCE:8\n');
    expect(segmentsOf(at(23))).toEqual(['seg_002.m4s', 'seg_000.m4s', 'seg_001.m4s', 'seg_002.m4s']);
    expect(at(25)).toContain('#EXT-X-DISCONTINUITY-SEQUENCE:3\n');
    const restart = at(25);
    expect(segmentsOf(restart)).toEqual(['seg_000.m4s', 'seg_001.m4s', 'seg_002.m4s', 'seg_000.m4s']);
    expect(restart.slice(0, restart.indexOf('seg_000.m4s'))).not.toContain('#EXT-X-DISCONTINUITY\n');
    expect(restart.split('\n').filter((l) => l === '#EXT-X-DISCONTINUITY')).toHaveLength(1);
  });
});
