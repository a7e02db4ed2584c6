import { formatMoney, moneyErrors } from './money';

describe('money', () => {
  it('accepts integer minor units of ISO currencies', () => {
    expect(moneyErrors({ amount: 999, currency: 'EUR' }, 'price')).toEqual([]);
    expect(moneyErrors({ amount: 0, currency: 'JPY' }, 'price')).toEqual([]);
  });

  it('refuses negative or fractional amounts and unknown currencies', () => {
    expect(moneyErrors({ amount: -1, currency: 'EUR' }, 'price').map((e) => e.field)).toEqual(['price.amount']);
    expect(moneyErrors({ amount: 9.99, currency: 'EUR' }, 'price').map((e) => e.field)).toEqual(['price.amount']);
    expect(moneyErrors({ amount: 100, currency: 'XYZ1' }, 'price').map((e) => e.field)).toEqual(['price.currency']);
    expect(moneyErrors({ amount: 100, currency: 'eur' }, 'price').map((e) => e.field)).toEqual(['price.currency']);
  });

  it('formats by the currency own minor units', () => {
    expect(formatMoney({ amount: 999, currency: 'EUR' })).toBe('€9.99');
    expect(formatMoney({ amount: 1500, currency: 'JPY' })).toBe('¥1,500');
    expect(formatMoney({ amount: 1234, currency: 'KWD' })).toBe('KWD\u00a01.234');
  });
});
