/**
 * A queue of tasks run one after the other, in the order given, whatever each one's outcome: each
 * call returns its own task's result.
 */
export const oneAtATime = () => {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = last.then(task);
    last = run.catch(() => undefined);
    return run;
  };
};
