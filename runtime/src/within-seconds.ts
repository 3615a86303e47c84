import { SluiceError } from './errors.ts';

/** Rejects with a retryable error once `seconds` have passed, unless `work` settles first. */
export const withinSeconds = async <T>(work: Promise<T>, seconds: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SluiceError(`${what} took longer than ${seconds} s`)),
      seconds * 1000,
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
};
