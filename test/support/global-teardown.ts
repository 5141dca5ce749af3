interface Stoppable {
  stop(): Promise<void>;
}

export default async function globalTeardown(): Promise<void> {
  const infra = ((globalThis as Record<string, unknown>).__tributaryInfra ?? []) as Stoppable[];
  await Promise.all(infra.map((component) => component.stop()));
}
