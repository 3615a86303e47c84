/**
 * Markup that is already safe: built by `html` (every value in it escaped) or by `rawHtml` from text the
 * console itself wrote. Everything else, anything read from a message, a record or a source, is text.
 */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text as HTML: safe between tags and inside quoted attribute values. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);

/** A value put into markup: safe markup as it is, arrays one after the other, null and false as nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const render = (value: HtmlValue): string => {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
};

/**
 * A template of markup whose every `${value}` is escaped unless it is SafeHtml: the console's views are
 * written with it, so escaping is what happens when nobody thinks about it.
 */
export const html = (strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml =>
  new SafeHtml(
    strings.reduce(
      (out, part, index) => out + part + (index < values.length ? render(values[index] as HtmlValue) : ''),
      '',
    ),
  );

/** Markup the console wrote itself, taken as it is. Never for text that came from outside. */
export const rawHtml = (markup: string): SafeHtml => new SafeHtml(markup);
