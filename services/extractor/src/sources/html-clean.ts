import { type UnparsedValue, unparsedValue } from '@sluice/contracts';
import type { CleanStep } from '@sluice/contracts/pipeline-definition';
import { load } from 'cheerio';

export type HtmlValue = string | number | null | UnparsedValue;

// One number in the text, digits with separators, signed or not: `$1,299.00` holds one, `0x1A` two.
const NUMBER_TOKEN = /[-+]?(?:\d[\d.,]*|[.,]\d[\d.,]*)(?:[eE][-+]?\d+)?/g;

/**
 * A number as people write one: a currency sign, a unit or words around it are dropped, and the thousands
 * separator (the one that is not `decimal`) must group digits by three: `$1,299.00` → 1299, `22 min` →
 * 22, `1.299,00 €` → 1299 with `decimal: ','`. Null when the text holds no number, or more than one
 * (`0x1A`, `1e999`, `2026-12-03`), or a separator out of place (`1,2`).
 */
export const readNumber = (text: string, decimal: '.' | ',' = '.'): number | null => {
  const tokens = text.match(NUMBER_TOKEN) ?? [];
  const [token] = tokens;
  if (tokens.length !== 1 || token === undefined) return null;
  const [mantissa = '', exponent] = token.split(/[eE]/);
  const [whole = '', fraction, extra] = mantissa.split(decimal);
  if (extra !== undefined || (fraction !== undefined && !/^\d+$/.test(fraction))) return null;
  const thousands = decimal === '.' ? ',' : '.';
  const grouped = new RegExp(`^[-+]?\\d{1,3}(?:\\${thousands}\\d{3})+$`);
  if (whole.includes(thousands) && !grouped.test(whole)) return null;
  const digits = `${whole.split(thousands).join('')}${fraction === undefined ? '' : `.${fraction}`}${exponent === undefined ? '' : `e${exponent}`}`;
  const value = Number(digits);
  return digits !== '' && Number.isFinite(value) ? value : null;
};

// Parsed rather than cut with a regex, so entities are decoded and a `>` inside an attribute does not end a tag.
const stripHtml = (text: string): string => load(text, null, false).text();

const TEXT_STEPS: Record<Extract<CleanStep, string>, ((text: string) => string) | null> = {
  trim: (text) => text.trim(),
  // \s covers the non-breaking space `&nbsp;` decodes to, which is what a reader sees as a space.
  collapse_whitespace: (text) => text.replace(/\s+/g, ' '),
  strip_html: stripHtml,
  lowercase: (text) => text.toLowerCase(),
  uppercase: (text) => text.toUpperCase(),
  to_number: null,
};

/** An empty cell is no value (null); anything else must read as a number, or the record is rejected. */
const toNumber = (text: string, decimal: '.' | ','): HtmlValue =>
  text.trim() === '' ? null : (readNumber(text, decimal) ?? unparsedValue('to_number', text));

const firstGroup = (text: string, pattern: string): HtmlValue => {
  const match = new RegExp(pattern).exec(text);
  return match ? (match[1] ?? match[0]) : unparsedValue(`regex ${pattern}`, text);
};

const applyStep = (text: string, step: CleanStep): HtmlValue => {
  if (typeof step === 'string') return TEXT_STEPS[step]?.(text) ?? toNumber(text, '.');
  if ('to_number' in step) return toNumber(text, step.to_number.decimal);
  if ('replace' in step) return text.replace(new RegExp(step.replace.pattern, 'g'), step.replace.with);
  if ('null_if' in step) {
    const said = text.trim().toLowerCase();
    return step.null_if.some((meant) => meant.trim().toLowerCase() === said) ? null : text;
  }
  return firstGroup(text, step.regex);
};

/**
 * Applies the steps in order. Null stays null; once `to_number` has made a number, the text steps after it
 * leave it as it is; a value a step could not read stays unread, for the transformer to reject with the
 * step's name.
 */
export const applyCleanSteps = (value: string | null, steps: readonly CleanStep[] = []): HtmlValue =>
  steps.reduce<HtmlValue>(
    (current, step) => (typeof current === 'string' ? applyStep(current, step) : current),
    value,
  );
