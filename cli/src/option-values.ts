/** A command-line value that is not what its option takes: says which option, what it got and what it takes. */
export class OptionValueError extends Error {
  override name = 'OptionValueError';
}

/** `--port`: a TCP port on this machine; 0 lets the system choose a free one. */
export const portOption = (value: string | undefined, option = '--port'): number => {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new OptionValueError(
      `${option} ${value} is not a port: give a number from 0 to 65535 (0: any free port)`,
    );
  }
  return port;
};

/** A count such as `--characters 2000`: a whole number of at least `min`. */
export const countOption = (value: string, option: string, min = 1): number => {
  const count = Number(value);
  if (!/^\d+$/.test(value) || count < min) {
    throw new OptionValueError(`${option} ${value} is not a count: give a whole number of at least ${min}`);
  }
  return count;
};
