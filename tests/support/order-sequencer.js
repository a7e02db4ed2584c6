/**
 * Jest's own file order, or with TEST_ORDER_SEED=<n> a shuffled one (the same for the same seed): the
 * integration suites share one running system, so a suite that passes only after (or before) another is
 * found by running them in other orders. It found web.test's day buttons matching a demo programme.
 */
// Jest loads a sequencer as CommonJS, like jest.config.js.
const Sequencer = require('@jest/test-sequencer').default; // eslint-disable-line @typescript-eslint/no-require-imports

module.exports = class OrderSequencer extends Sequencer {
  sort(tests) {
    const seed = process.env.TEST_ORDER_SEED;
    if (!seed) return super.sort(tests);
    // A small linear congruential generator: enough to vary the order, and repeatable from the seed.
    let state = Number(seed) >>> 0;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const shuffled = [...tests].sort((a, b) => a.path.localeCompare(b.path));
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    return shuffled;
  }
};
