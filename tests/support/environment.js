// Jest loads an environment as CommonJS, like jest.config.js.
const { TestEnvironment } = require('jest-environment-node'); // eslint-disable-line @typescript-eslint/no-require-imports

/** Where Node's built-in fetch keeps the undici dispatcher it sends with (undici's own, stable key). */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/**
 * Jest's Node environment, with HTTP connections of the file's own: fetch's keep-alive sockets to the system
 * under test are closed when the file ends. Left open they outlived the file by up to the services' 65 s idle
 * timeout, and at the end of a run held a Jest worker open until Jest killed it ("A worker process has failed
 * to exit gracefully").
 */
class ConnectionsClosingEnvironment extends TestEnvironment {
  async teardown() {
    await super.teardown();
    // This runs in the worker's own realm, whose fetch every test file's `fetch` is.
    const used = globalThis[GLOBAL_DISPATCHER];
    if (!used) return;
    globalThis[GLOBAL_DISPATCHER] = new used.constructor();
    // Destroyed, not closed: close() waits for every response body to be read, and a test may stop at the headers.
    await used.destroy();
  }
}

module.exports = ConnectionsClosingEnvironment;
