import { gzipSync } from 'node:zlib';
import type { GraphQLError } from 'graphql';
import { xmltvDocument } from './mutation';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected a refusal');
};

describe('the importXmltv document argument', () => {
  test('plain text or gzip+base64, exactly one', () => {
    const xml = '<tv></tv>';
    expect(xmltvDocument({ xml }, 1000)).toBe(xml);
    expect(xmltvDocument({ xmlGzipBase64: gzipSync(xml).toString('base64') }, 1000)).toBe(xml);
    expect(refusal(() => xmltvDocument({ xml, xmlGzipBase64: 'x' }, 1000)).extensions.code).toBe('BAD_USER_INPUT');
    expect(refusal(() => xmltvDocument({}, 1000)).extensions.code).toBe('BAD_USER_INPUT');
  });

  test('a gzip bomb is stopped at the size cap, not inflated', () => {
    const bomb = gzipSync(Buffer.alloc(30 * 1024 * 1024)).toString('base64');
    expect(bomb.length).toBeLessThan(100 * 1024);
    const started = performance.now();
    const error = refusal(() => xmltvDocument({ xmlGzipBase64: bomb }, 1024 * 1024));
    expect(error.message).toMatch(/decompressed document is larger than 1048576 bytes/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('non-base64 and non-gzip input is BAD_USER_INPUT', () => {
    expect(refusal(() => xmltvDocument({ xmlGzipBase64: '%%%' }, 1000)).message).toMatch(/not base64/);
    expect(refusal(() => xmltvDocument({ xmlGzipBase64: Buffer.from('plain').toString('base64') }, 1000)).message).toMatch(/not gzip/);
  });
});
