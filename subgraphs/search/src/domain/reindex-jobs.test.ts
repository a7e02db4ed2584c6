import { jobAsSeen, type RecordedReindexJob } from './reindex-jobs';

const job = (status: RecordedReindexJob['status'], heartbeatAt: string): RecordedReindexJob => ({
  id: 'j1',
  status,
  index: 'tvstream-search-v2',
  processed: 10,
  total: 20,
  startedAt: '2026-11-26T10:00:00.000Z',
  finishedAt: status === 'RUNNING' ? null : heartbeatAt,
  error: null,
  heartbeatAt,
});
const now = new Date('2026-11-26T10:01:00.000Z');

describe('a reindex job as seen by any search instance', () => {
  test('a running job that reported recently is running', () => {
    expect(jobAsSeen(job('RUNNING', '2026-11-26T10:00:45.000Z'), now, 30_000)).toMatchObject({ status: 'RUNNING', error: null });
  });

  test('a running job silent for longer than the limit failed when it last reported', () => {
    expect(jobAsSeen(job('RUNNING', '2026-11-26T10:00:10.000Z'), now, 30_000)).toMatchObject({
      status: 'FAILED',
      finishedAt: '2026-11-26T10:00:10.000Z',
      error: expect.stringMatching(/stopped before it finished/),
    });
  });

  test('a finished job stays as it finished, however old', () => {
    expect(jobAsSeen(job('COMPLETED', '2026-11-20T10:00:00.000Z'), now, 30_000)).toMatchObject({ status: 'COMPLETED', error: null });
  });

  test('the heartbeat is not part of the job', () => {
    expect(jobAsSeen(job('COMPLETED', '2026-11-26T10:00:00.000Z'), now, 30_000)).not.toHaveProperty('heartbeatAt');
  });
});
