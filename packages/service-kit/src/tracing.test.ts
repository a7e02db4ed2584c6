import { tracingEnabled } from './tracing';

describe('tracing switch', () => {
  it('is off by default and on when Zipkin is asked for by exporter or endpoint', () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'zipkin' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER: 'zipkin' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'http://zipkin:9411/api/v2/spans' })).toBe(true);
  });

  it('stays off when the exporter is explicitly none, whatever the endpoint', () => {
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'http://zipkin:9411/api/v2/spans' })).toBe(false);
  });
});
