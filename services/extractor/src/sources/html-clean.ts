import type { CLEAN_STEPS } from '@sluice/contracts/pipeline-definition';
import { load } from 'cheerio';

export type CleanStep = (typeof CLEAN_STEPS)[number];
export type HtmlValue = string | number | null;

// Decimal numbers only: Number() would also take '', '0x1A', 'Infinity' and '1e999', none of which a cell
// means as a number.
const DECIMAL = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

const toNumber = (text: string): number | null => {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
};

// Parsed rather than cut with a regex, so entities are decoded and a `>` inside an attribute does not end a tag.
const stripHtml = (text: string): string => load(text, null, false).text();

const TEXT_STEPS: Record<Exclude<CleanStep, 'to_number'>, (text: string) => string> = {
  trim: (text) => text.trim(),
  // \s covers the non-breaking space `&nbsp;` decodes to, which is what a reader sees as a space.
  collapse_whitespace: (text) => text.replace(/\s+/g, ' '),
  strip_html: stripHtml,
  lowercase: (text) => text.toLowerCase(),
  uppercase: (text) => text.toUpperCase(),
};

/**
 * Applies the steps in order. Null stays null; once `to_number` has made a number, the text steps after it
 * leave it as it is.
 */
export const applyCleanSteps = (value: string | null, steps: readonly CleanStep[] = []): HtmlValue =>
  steps.reduce<HtmlValue>((current, step) => {
    if (typeof current !== 'string') return current;
    return step === 'to_number' ? toNumber(current) : TEXT_STEPS[step](current);
  }, value);
