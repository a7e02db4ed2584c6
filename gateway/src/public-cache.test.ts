import { publicMaxAge } from './public-cache';

test("only answers a subgraph declares public are shared, for the subgraph's max-age", () => {
  expect(publicMaxAge('max-age=30, public')).toBe(30);
  expect(publicMaxAge('public, max-age=5')).toBe(5);
  expect(publicMaxAge('max-age=30, private')).toBe(0);
  expect(publicMaxAge('no-store')).toBe(0);
  expect(publicMaxAge(null)).toBe(0);
});
