import { likeLiteral } from './ids';

describe('likeLiteral', () => {
  test('escapes the wildcards and the escape character, leaving other text alone', () => {
    expect(likeLiteral('100%_off\\')).toBe('100\\%\\_off\\\\');
    expect(likeLiteral('ada@example.com')).toBe('ada@example.com');
  });
});
