/**
 * Why a value cannot be stored, returned by a check in its place. A check returns the value or a Problem,
 * never throws and never wraps a good value: a record's thousands of good values cost no allocation, and
 * `instanceof Problem` tells the two apart (no SqlValue is an object).
 */
export class Problem {
  readonly message: string;

  constructor(message: string) {
    this.message = message;
  }
}

/** A converted value, or why it could not be. */
export type Checked<T> = T | Problem;
