/**
 * Packages the test streams the media origin (rights' `/manifests`) serves, with Debian's ffmpeg: a
 * generated test pattern with its title burnt in and a tone (nothing copyrighted), as HLS with fMP4 (CMAF)
 * segments in two renditions under one master playlist. `vod/` is what films and episodes play; `live/` is
 * the loop the origin turns into each channel's live window. Output goes to a git-ignored folder and is
 * made once (a `.complete` marker), so `npm start` and the test setup call this freely.
 *
 *   npm run media:package [-- DIR]      (default: MEDIA_DIR or .data/media)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DEFAULT_MEDIA_DIR = resolve(__dirname, '..', '..', '.data', 'media');
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';
// Two-second segments from fixed two-second GOPs: the live window counts time in whole segments.
const SEGMENT_SECONDS = 2;
const FPS = 25;
const RENDITIONS = [
  { name: '360p', width: 640, height: 360, videoBitrate: '700k' },
  { name: '180p', width: 320, height: 180, videoBitrate: '250k' },
];

interface Stream {
  folder: 'vod' | 'live';
  title: string;
  seconds: number;
  toneHz: number;
}

const STREAMS: Stream[] = [
  { folder: 'vod', title: 'tvstream test film', seconds: 20, toneHz: 440 },
  { folder: 'live', title: 'tvstream live', seconds: 30, toneHz: 660 },
];

const escapeDrawtext = (text: string) => text.replace(/[\\':]/g, (c) => `\\${c}`);

function ffmpegArgs(stream: Stream, out: string): string[] {
  const caption = `drawtext=fontfile=${FONT}:text='${escapeDrawtext(stream.title)}':fontsize=56:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=12:x=(w-tw)/2:y=h*0.12`;
  const clock = `drawtext=fontfile=${FONT}:text='%{pts\\:hms}':fontsize=40:fontcolor=white:box=1:boxcolor=black@0.6:x=(w-tw)/2:y=h*0.75`;
  const split = RENDITIONS.map((_, i) => `[v${i}]`).join('');
  const scaled = RENDITIONS.map((r, i) => `[v${i}]scale=${r.width}:${r.height}[out${i}]`).join(';');
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=1280x720:rate=${FPS}:duration=${stream.seconds}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=${stream.toneHz}:sample_rate=48000:duration=${stream.seconds}`,
    '-filter_complex',
    `[0:v]${caption},${clock},split=${RENDITIONS.length}${split};${scaled}`,
    ...RENDITIONS.flatMap((_, i) => ['-map', `[out${i}]`, '-map', '1:a']),
    '-c:v',
    'libx264',
    '-profile:v',
    'main',
    '-pix_fmt',
    'yuv420p',
    '-preset',
    'veryfast',
    '-g',
    String(SEGMENT_SECONDS * FPS),
    '-keyint_min',
    String(SEGMENT_SECONDS * FPS),
    '-sc_threshold',
    '0',
    ...RENDITIONS.flatMap((r, i) => [`-b:v:${i}`, r.videoBitrate]),
    '-c:a',
    'aac',
    '-b:a',
    '96k',
    '-ac',
    '2',
    '-f',
    'hls',
    '-hls_time',
    String(SEGMENT_SECONDS),
    '-hls_playlist_type',
    'vod',
    '-hls_segment_type',
    'fmp4',
    '-hls_flags',
    'independent_segments',
    '-master_pl_name',
    'master.m3u8',
    '-var_stream_map',
    RENDITIONS.map((r, i) => `v:${i},a:${i},name:${r.name}`).join(' '),
    '-hls_fmp4_init_filename',
    'init.mp4',
    '-hls_segment_filename',
    join(out, '%v', 'seg_%03d.m4s'),
    join(out, '%v', 'index.m3u8'),
  ];
}

/** Packages the streams into `dir` unless they are there already. Throws when ffmpeg is missing. */
export function packageMedia(dir: string = process.env.MEDIA_DIR || DEFAULT_MEDIA_DIR, log: (line: string) => void = console.log): string {
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return dir;
  if (spawnSync('ffmpeg', ['-version']).error) throw new Error('ffmpeg not found: apt-get install -y ffmpeg fonts-dejavu-core');
  if (!existsSync(FONT)) throw new Error(`font ${FONT} not found: apt-get install -y fonts-dejavu-core`);
  for (const stream of STREAMS) {
    const out = join(dir, stream.folder);
    rmSync(out, { recursive: true, force: true });
    for (const r of RENDITIONS) mkdirSync(join(out, r.name), { recursive: true });
    log(`packaging ${stream.folder} (${stream.seconds} s, ${RENDITIONS.map((r) => r.name).join(' + ')}) into ${out}`);
    const result = spawnSync('ffmpeg', ffmpegArgs(stream, out), { stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0) throw new Error(`ffmpeg failed packaging ${stream.folder} (exit ${result.status})`);
  }
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return dir;
}

if (require.main === module) packageMedia(process.argv[2] ? resolve(process.argv[2]) : undefined);
