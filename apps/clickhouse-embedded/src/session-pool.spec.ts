import { SessionPool } from './session-pool';

/** A task that records its start and runs until `finish` is called. */
function held(started: string[], name: string): { task: () => Promise<void>; finish: () => void } {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    task: async () => {
      started.push(name);
      await done;
    },
    finish,
  };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('the session pool', () => {
  it('starts the waiting tasks by priority (1 first, 0 last), then in arrival order', async () => {
    const started: string[] = [];
    const pool = new SessionPool(['only session']);
    const running = held(started, 'running');
    const tasks = [['read a', 0], ['read b', 0], ['write a', 1], ['low', 5], ['write b', 1]] as const;
    const waiting = tasks.map(([name]) => held(started, name));
    const runs = [pool.run(running.task), ...waiting.map((task, i) => pool.run(task.task, tasks[i][1]))];
    await settled();
    for (const task of [running, waiting[2], waiting[4], waiting[3], waiting[0], waiting[1]]) {
      task.finish();
      await settled();
    }
    await Promise.all(runs);
    expect(started).toEqual(['running', 'write a', 'write b', 'low', 'read a', 'read b']);
  });

  it('frees the session of a failed task for the next one', async () => {
    const pool = new SessionPool(['only session']);
    const failed = pool.run(async () => {
      throw new Error('statement failed');
    });
    await expect(failed).rejects.toThrow('statement failed');
    await expect(pool.run(async (session) => session)).resolves.toBe('only session');
    await expect(pool.idle()).resolves.toBeUndefined();
  });
});
