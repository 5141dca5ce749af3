/**
 * Lends a fixed set of resources (chdb sessions, each with its own settings and database) to one
 * task at a time each. Tasks wait in arrival order for the next free one; a failed task frees its
 * resource as a finished one does.
 */
export class SessionPool<T> {
  private readonly free: T[];
  private readonly waiting: ((resource: T) => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly resources: readonly T[]) {
    if (resources.length === 0) throw new Error('A session pool needs at least one session');
    this.free = [...resources];
  }

  async run<R>(task: (resource: T) => Promise<R>): Promise<R> {
    const resource = this.free.pop() ?? (await new Promise<T>((resolve) => this.waiting.push(resolve)));
    try {
      return await task(resource);
    } finally {
      this.release(resource);
    }
  }

  /** Resolves once no task runs and none waits. */
  idle(): Promise<void> {
    if (this.free.length === this.resources.length) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private release(resource: T): void {
    const next = this.waiting.shift();
    if (next) return next(resource);
    this.free.push(resource);
    if (this.free.length === this.resources.length) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }
}
