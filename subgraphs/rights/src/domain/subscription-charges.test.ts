import { subscriptionChargeFilter } from './subscription';

describe("a subscription's charges", () => {
  test('are the charge that opened it and those whose intent names it', () => {
    expect(subscriptionChargeFilter({ id: 'sub-1', chargeId: 'charge-1' })).toEqual({
      OR: [{ id: 'charge-1' }, { intent: { in: ['renewal:sub-1', 'changePlan:sub-1', 'recover:sub-1'] } }],
    });
  });
});
