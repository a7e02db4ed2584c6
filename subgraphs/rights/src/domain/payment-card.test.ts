import { luhnValid } from './payment-card';

describe('card number checksum', () => {
  test('published test cards pass', () => {
    for (const card of ['4242424242424242', '4000000000000002', '5555555555554444', '378282246310005', '6011111111111117']) expect(luhnValid(card)).toBe(true);
  });

  test('one mistyped digit or two swapped neighbours fail', () => {
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(luhnValid('4242424242424224')).toBe(false);
    expect(luhnValid('5555555555554445')).toBe(false);
  });
});
