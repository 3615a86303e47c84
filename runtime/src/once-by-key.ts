/**
 * `load` called once per key, however often the key is asked for: the callers of a key share one
 * promise (so the pages of a batch that share a staged object read it once). Kept for as long as the
 * returned function is, so make one per batch.
 */
export const onceByKey = <V>(load: (key: string) => Promise<V>): ((key: string) => Promise<V>) => {
  const loaded = new Map<string, Promise<V>>();
  return (key) => {
    const known = loaded.get(key);
    if (known) return known;
    const loading = load(key);
    loaded.set(key, loading);
    return loading;
  };
};
