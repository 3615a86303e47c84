import type { HtmlResource } from '@sluice/contracts/pipeline-definition';
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { applyCleanSteps, type HtmlValue } from './html-clean.ts';

export type HtmlFields = HtmlResource['fields'];
export type HtmlField = HtmlFields[string];

// Elements a reader sees as a line or a block of their own: their text is set apart by a line break, so
// `8 days.<br>Line two` reads "8 days.\nLine two" rather than "8 days.Line two".
const BLOCK_ELEMENTS =
  'address,article,aside,blockquote,dd,div,dl,dt,figcaption,figure,footer,h1,h2,h3,h4,h5,h6,header,hr,li,main,nav,ol,p,pre,section,table,tbody,td,tfoot,th,thead,tr,ul';

/** An element's text, with `<br>` and block elements as line breaks (read from a copy: the page is untouched). */
const textOf = (element: Cheerio<AnyNode>): string => {
  const copy = element.clone();
  copy.find('br').replaceWith('\n');
  copy.find(BLOCK_ELEMENTS).before('\n').after('\n');
  return copy.text();
};

/** Attributes that hold a URL: read resolved, so a record carries the same link wherever the page lived. */
const URL_ATTRIBUTES = new Set(['href', 'src']);

/**
 * `value` as an absolute URL, against `base` (the page's URL, or its `<base href>`). An empty or unparsable
 * link is no link.
 */
export const resolveUrl = (value: string, base: string): string | null => {
  if (value.trim() === '') return null;
  try {
    return new URL(value, base).href;
  } catch {
    return null;
  }
};

/** Where the page's relative links point: its `<base href>` when it has one, else its own URL. */
export const readBaseUrl = ($: CheerioAPI, pageUrl: string): string => {
  const base = $('base[href]').first().attr('href');
  return (base !== undefined && resolveUrl(base, pageUrl)) || pageUrl;
};

/**
 * The raw value of the first element `selector` finds in `scope`: its text (entities decoded), its inner
 * HTML, or an attribute (named in any case: HTML attribute names are case-insensitive and the parser lowers
 * them). Null when nothing matches or the attribute is absent.
 */
export const readValue = (
  scope: Cheerio<AnyNode>,
  selector: string,
  attribute: string,
  baseUrl: string,
): string | null => {
  const element = scope.find(selector).first();
  if (element.length === 0) return null;
  if (attribute === 'text') return textOf(element);
  if (attribute === 'html') return element.html() ?? '';
  const name = attribute.toLowerCase();
  const value = element.attr(name);
  if (value === undefined) return null;
  return URL_ATTRIBUTES.has(name) ? resolveUrl(value, baseUrl) : value;
};

/** One record's fields, in declaration order, each read and then cleaned. */
export const readFields = (
  scope: Cheerio<AnyNode>,
  fields: HtmlFields,
  baseUrl: string,
): Record<string, HtmlValue> =>
  Object.fromEntries(
    Object.entries(fields).map(([name, field]) => [
      name,
      applyCleanSteps(readValue(scope, field.selector, field.attribute, baseUrl), field.clean),
    ]),
  );
