/**
 * Runs every clean-up step whatever the others did (the servers are shared: a flow's databases, queues and
 * settings must go even when one step fails), then throws what failed, together.
 */
export const cleanUp = async (what: string, steps: (() => unknown)[]): Promise<void> => {
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `cleaning up ${what}`);
};
