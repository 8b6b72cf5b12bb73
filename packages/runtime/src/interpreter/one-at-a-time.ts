/**
 * A session's calls run one at a time, in the order they came: the interpreter holds one state, so two
 * cells must never interleave. A task that fails does not stop the ones queued behind it.
 */
export function oneAtATime(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const next = tail.then(task, task);
    tail = next.catch(() => {});
    return next;
  };
}
