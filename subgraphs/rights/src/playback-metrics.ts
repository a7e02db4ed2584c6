import type { Metrics } from '@tvstream/service-kit';
import { Counter, Gauge } from 'prom-client';
import type { PlaybackObserver } from './playback-manager';

/**
 * What operators watch of playback on `/metrics`: starts by outcome (STARTED, or the refusal's reason such
 * as STREAM_LIMIT_REACHED) and the streams playing now, across every account.
 */
export function playbackMetrics(metrics: Metrics, playing: () => Promise<number>): PlaybackObserver {
  const starts = new Counter({
    name: 'playback_starts_total',
    help: 'startPlayback requests by outcome: STARTED or the refusal reason',
    labelNames: ['outcome'],
    registers: [metrics.registry],
  });
  new Gauge({
    name: 'playback_streams_playing',
    help: 'Playback sessions playing now (heartbeating within the session timeout)',
    registers: [metrics.registry],
    async collect() {
      this.set(await playing());
    },
  });
  return { started: () => starts.inc({ outcome: 'STARTED' }), refused: (reason) => starts.inc({ outcome: reason }) };
}
