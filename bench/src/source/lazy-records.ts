const INDEX = /^(0|[1-9]\d*)$/;

/**
 * An array whose elements are made when read. The fixtures' API server only calls `length` and
 * `slice()` on it, and `Array.prototype.slice` reads a proxy through these traps like any array, so a
 * page of 20 records costs 20 records of memory, whatever the length.
 */
export const lazyRecords = <T>(length: number, recordAt: (index: number) => T): T[] => {
  const indexOf = (key: string | symbol): number | null => {
    if (typeof key !== 'string' || !INDEX.test(key)) return null;
    const index = Number(key);
    return index < length ? index : null;
  };
  return new Proxy<T[]>([], {
    get: (target, key, receiver) => {
      if (key === 'length') return length;
      const index = indexOf(key);
      return index === null ? Reflect.get(target, key, receiver) : recordAt(index);
    },
    has: (target, key) => indexOf(key) !== null || Reflect.has(target, key),
  });
};
