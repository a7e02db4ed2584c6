import { isChargeOf, subscriptionChargeFilter, subscriptionsChargeFilter } from './subscription';

describe("a subscription's charges", () => {
  test('are the charge that opened it and those whose intent names it', () => {
    expect(subscriptionChargeFilter({ id: 'sub-1', chargeId: 'charge-1' })).toEqual({
      OR: [{ id: 'charge-1' }, { intent: { in: ['renewal:sub-1', 'changePlan:sub-1', 'recover:sub-1'] } }],
    });
  });

  test('of many subscriptions are read with one filter and handed back to each', () => {
    const subs = [
      { id: 'sub-1', chargeId: 'charge-1' },
      { id: 'sub-2', chargeId: 'charge-2' },
    ];
    expect(subscriptionsChargeFilter(subs)).toEqual({
      OR: [
        { id: { in: ['charge-1', 'charge-2'] } },
        { intent: { in: ['renewal:sub-1', 'changePlan:sub-1', 'recover:sub-1', 'renewal:sub-2', 'changePlan:sub-2', 'recover:sub-2'] } },
      ],
    });
    expect(isChargeOf(subs[0], { id: 'charge-1', intent: 'subscribe' })).toBe(true);
    expect(isChargeOf(subs[0], { id: 'charge-9', intent: 'renewal:sub-1' })).toBe(true);
    expect(isChargeOf(subs[0], { id: 'charge-2', intent: '' })).toBe(false);
    expect(isChargeOf(subs[0], { id: 'charge-8', intent: 'renewal:sub-2' })).toBe(false);
  });
});
