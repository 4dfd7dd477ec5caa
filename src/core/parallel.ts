/**
 * Runs `task(0..count-1)` with at most `parallelism` running at once and returns the results in
 * index order. After a failure no new task starts; the first error is thrown once the running
 * ones have settled, so nothing keeps writing behind the caller's back.
 */
export async function mapInParallel<T>(count: number, parallelism: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (failure === null && next < count) {
      const index = next++;
      try {
        results[index] = await task(index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelism, count) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}
