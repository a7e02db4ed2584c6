import { splitNowNext } from './now-next';

const at = new Date('2026-11-25T20:00:00Z');
const p = (start: string, end: string) => ({ start: new Date(`2026-11-25T${start}:00Z`), end: new Date(`2026-11-25T${end}:00Z`) });

describe('now and next', () => {
  test('the first programme ending after now is on now when it has started', () => {
    const a = p('19:30', '20:30');
    const b = p('20:30', '21:00');
    expect(splitNowNext('c', [a, b], at)).toEqual({ channelId: 'c', now: a, next: b });
  });

  test('a programme starting exactly now is on now; one ending exactly now is not returned by the query', () => {
    const a = p('20:00', '20:30');
    expect(splitNowNext('c', [a], at)).toEqual({ channelId: 'c', now: a, next: null });
  });

  test('in a gap nothing is on now and the next one to start is next', () => {
    const a = p('20:15', '20:30');
    const b = p('20:30', '21:00');
    expect(splitNowNext('c', [a, b], at)).toEqual({ channelId: 'c', now: null, next: a });
  });

  test('an empty guide has neither', () => {
    expect(splitNowNext('c', [], at)).toEqual({ channelId: 'c', now: null, next: null });
  });
});
