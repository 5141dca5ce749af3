/** A waiting task and its priority's rank: lower starts first. */
interface Waiting<T> {
  rank: number;
  start: (resource: T) => void;
}

/**
 * Lends a fixed set of resources (chdb sessions, each with its own settings and database) to one
 * task at a time each. Tasks wait for the next free one by priority, then in arrival order: as
 * ClickHouse's `priority` setting, 1 goes first, a larger number later, 0 (none) last. A failed
 * task frees its resource as a finished one does.
 */
export class SessionPool<T> {
  private readonly free: T[];
  private readonly waiting: Waiting<T>[] = [];
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly resources: readonly T[]) {
    if (resources.length === 0) throw new Error('A session pool needs at least one session');
    this.free = [...resources];
  }

  async run<R>(task: (resource: T) => Promise<R>, priority = 0): Promise<R> {
    const rank = priority > 0 ? priority : Number.POSITIVE_INFINITY;
    const resource = this.free.pop() ?? (await new Promise<T>((start) => this.wait({ rank, start })));
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

  /** Behind every waiting task of its rank or a lower one. */
  private wait(waiting: Waiting<T>): void {
    const before = this.waiting.findIndex((other) => other.rank > waiting.rank);
    this.waiting.splice(before === -1 ? this.waiting.length : before, 0, waiting);
  }

  private release(resource: T): void {
    const next = this.waiting.shift();
    if (next) return next.start(resource);
    this.free.push(resource);
    if (this.free.length === this.resources.length) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }
}
