import { startSystem } from '../scripts/system';
import { PORT_OFFSETS, testPort } from './support/ports';

/**
 * Services outlive a run that is killed, and keep their ports. A later start on those ports must not take
 * their readiness for its own: its new processes would fail to listen and the run would test the old ones.
 */
test('startSystem refuses a port a running service already holds, naming it', async () => {
  // The suite's own identity stands in for one left behind.
  const identityPort = testPort(PORT_OFFSETS.suite + 1);
  await expect(startSystem({ basePort: testPort(PORT_OFFSETS.suite), only: ['identity'], web: false })).rejects.toThrow(
    `identity cannot start: something already listens on port ${identityPort}`,
  );
});
