const NUMERIC = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
// Wide enough for every double (1e308, 5e-324), narrow enough that "1e999999" cannot make a huge string.
const MAX_EXPONENT = 400;

/**
 * A number or numeric string as plain decimal text with every digit kept (`"1.50"`, `1e-7` →
 * `"0.0000001"`): decimals travel as text so that no precision is lost to floating point on the way to a
 * DECIMAL column. Undefined when the value is not numeric.
 */
export const toDecimalText = (value: unknown): string | undefined => {
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  const match = NUMERIC.exec(String(value));
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match ?? [];
  if (!match || whole.length + fraction.length === 0 || Math.abs(+exponent) > MAX_EXPONENT) return undefined;
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  const integerPart = point <= 0 ? '0' : digits.slice(0, point).padEnd(point, '0');
  const fractionPart = point <= 0 ? '0'.repeat(-point) + digits : digits.slice(point);
  const integer = integerPart.replace(/^0+(?=\d)/, '');
  const negative = sign === '-' && /[1-9]/.test(digits);
  return `${negative ? '-' : ''}${integer}${fractionPart ? `.${fractionPart}` : ''}`;
};

/** Digits before the point (leading zeros aside) and after it (trailing zeros aside) of decimal text. */
export const decimalDigits = (text: string): { integer: number; scale: number } => {
  const [whole = '', fraction = ''] = text.replace(/^-/, '').split('.');
  return { integer: whole.replace(/^0+/, '').length, scale: fraction.replace(/0+$/, '').length };
};
