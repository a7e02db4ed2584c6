import { levelForAge, maturityFromRating } from './maturity';

describe('ratings become minimum ages 0/7/12/16/18, never lower than the rating', () => {
  test.each([
    [null, 0],
    ['', 0],
    ['G', 0],
    ['PG', 7],
    ['PG-13', 16],
    ['R', 18],
    ['TV-Y', 0],
    ['TV-Y7', 7],
    ['TV-14', 16],
    ['TV-MA', 18],
    ['L', 0],
    ['10', 12],
    ['12', 12],
    ['+16', 16],
    ['FSK 16', 16],
    ['18+', 18],
    ['-12', 12],
    ['unknown rating', 0],
  ])('%p → %p', (rating, age) => {
    expect(maturityFromRating(rating)).toBe(age);
  });

  test('ages round up to the next level', () => {
    expect([0, 3, 7, 8, 13, 16, 17, 21].map(levelForAge)).toEqual([0, 7, 7, 12, 16, 16, 18, 18]);
  });
});
