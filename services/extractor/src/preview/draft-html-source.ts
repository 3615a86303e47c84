import { type Cheerio, type CheerioAPI, load } from 'cheerio';
import type { Element } from 'domhandler';
import { readNumber } from '../sources/html-clean.ts';

/** A field as the pipeline file declares it under `fields`. */
export interface HtmlFieldDraft {
  selector: string;
  attribute?: string;
  clean?: (string | Record<string, unknown>)[];
}

/** What the first page says of an HTML resource: its rows, their fields and the way to the next page. */
export interface HtmlResourceDraft {
  rowSelector: string;
  fields: Record<string, HtmlFieldDraft>;
  /** The next page's link, when the page has one. */
  nextSelector: string | null;
  notes: string[];
}

const TEXT_CLEAN = ['collapse_whitespace', 'trim'];
// At most this many rows are read to decide whether a field holds prices or counts.
const SAMPLE_ROWS = 20;

/** `Unit price` → `unit_price`, a field name the schema takes. */
const fieldNameOf = (text: string, fallback: string): string => {
  const name = text
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '');
  return name || fallback;
};

const unique = (name: string, taken: Set<string>): string => {
  let candidate = name;
  for (let count = 2; taken.has(candidate); count += 1) candidate = `${name}_${count}`;
  taken.add(candidate);
  return candidate;
};

/** `table#books`, `div.products`, `ul`: the element as a selector, by id, else its first class. */
const selectorOf = (element: Element): string => {
  const id = element.attribs.id;
  if (id && /^[A-Za-z][\w-]*$/.test(id)) return `${element.tagName}#${id}`;
  const [cls] = (element.attribs.class ?? '').split(/\s+/).filter((name) => /^[A-Za-z_][\w-]*$/.test(name));
  return cls ? `${element.tagName}.${cls}` : element.tagName;
};

/**
 * Cleaning for a field from its values in the sampled rows: `to_number` when every non-empty value is a
 * number with a currency or unit around it (`$1,299.00`, `22 min`, `1.299,00 €`); plain digits stay
 * text, which the transform reads as a number all the same.
 */
const cleanFor = (values: readonly string[]): HtmlFieldDraft['clean'] => {
  const filled = values.map((value) => value.trim()).filter((value) => value !== '');
  if (filled.length === 0 || filled.every((value) => /^-?\d+(\.\d+)?$/.test(value))) return TEXT_CLEAN;
  // A currency or a unit around the number, not words: "Lamp 2" is a name with a number in it.
  if (!filled.every((value) => value.replace(/[\d.,\s+-]/g, '').length <= 3)) return TEXT_CLEAN;
  if (filled.every((value) => readNumber(value) !== null)) return ['trim', 'to_number'];
  if (filled.every((value) => readNumber(value, ',') !== null))
    return ['trim', { to_number: { decimal: ',' } }];
  return TEXT_CLEAN;
};

const textsAt = ($: CheerioAPI, rows: Cheerio<Element>, selector: string): string[] =>
  rows
    .slice(0, SAMPLE_ROWS)
    .toArray()
    .map((row) => $(row).find(selector).first().text());

/** A table with data rows: a field per column, named by its header, and the link of a cell that has one. */
const draftTable = ($: CheerioAPI): Omit<HtmlResourceDraft, 'nextSelector' | 'notes'> | null => {
  const table = $('table')
    .toArray()
    .find((candidate) => $(candidate).find('tr:has(td)').length >= 2);
  if (!table) return null;
  const rowSelector = `${selectorOf(table)} tr:has(td)`;
  const rows = $(table).find('tr:has(td)') as Cheerio<Element>;
  const headers = $(table)
    .find('tr:has(th)')
    .first()
    .find('th')
    .toArray()
    .map((cell) => $(cell).text());
  const taken = new Set<string>();
  const fields: Record<string, HtmlFieldDraft> = {};
  rows
    .first()
    .children('td')
    .each((index, cell) => {
      const selector = `td:nth-child(${index + 1})`;
      const name = unique(fieldNameOf(headers[index] ?? '', `column_${index + 1}`), taken);
      fields[name] = { selector, clean: cleanFor(textsAt($, rows, selector)) };
      if ($(cell).find('a[href]').length > 0) {
        fields[unique(`${name}_url`, taken)] = { selector: `${selector} a`, attribute: 'href' };
      }
    });
  return { rowSelector, fields };
};

type Repeated = { parent: Element; row: string; count: number };

/**
 * The element whose children repeat the most (same tag and class, at least two, each with at least two
 * elements inside, so that a menu of links is not taken for the records): the rows of a list.
 */
const repeatedRows = ($: CheerioAPI): Repeated | null => {
  let best: Repeated | null = null as Repeated | null;
  $('body *').each((_, element) => {
    const counts = new Map<string, number>();
    for (const child of $(element).children().toArray()) {
      const key = selectorOf(child).replace(/#.*$/, '');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [row, count] of counts) {
      if (
        count >= 2 &&
        count > (best?.count ?? 1) &&
        $(element).children(row).first().find('*').length >= 2
      ) {
        best = { parent: element as Element, row, count };
      }
    }
  });
  return best;
};

/** Rows of a repeated element: a field for each element with a class inside the first, and each link's href. */
const draftList = ($: CheerioAPI): Omit<HtmlResourceDraft, 'nextSelector' | 'notes'> | null => {
  const repeated = repeatedRows($);
  if (!repeated) return null;
  const rowSelector = `${selectorOf(repeated.parent)} > ${repeated.row}`;
  const rows = $(repeated.parent).children(repeated.row) as Cheerio<Element>;
  const taken = new Set<string>();
  const fields: Record<string, HtmlFieldDraft> = {};
  rows
    .first()
    .find('*')
    .each((index, element) => {
      const [cls] = (element.attribs.class ?? '')
        .split(/\s+/)
        .filter((name) => /^[A-Za-z_][\w-]*$/.test(name));
      const link = element.tagName === 'a' && element.attribs.href !== undefined;
      if (!cls && !link) return;
      const selector = cls ? `.${cls}` : 'a';
      if (!cls && Object.values(fields).some((field) => field.selector === 'a')) return;
      const name = unique(fieldNameOf(cls ?? '', `field_${index + 1}`), taken);
      if (cls) fields[name] = { selector, clean: cleanFor(textsAt($, rows, selector)) };
      if (link) fields[unique(cls ? `${name}_url` : 'url', taken)] = { selector, attribute: 'href' };
    });
  return Object.keys(fields).length > 0 ? { rowSelector, fields } : null;
};

/** The listing's next page: a `rel=next` link, else a link whose text starts with "Next". */
const nextSelectorOf = ($: CheerioAPI): string | null => {
  if ($('a[rel~=next][href]').length > 0) return 'a[rel~=next]';
  const next = $('a[href]')
    .toArray()
    .map((link) => $(link).text().trim())
    .find((text) => /^next\b/i.test(text) && !/["\\]/.test(text));
  return next ? `a:contains("${next}")` : null;
};

/**
 * An HTML resource drafted from its first page: the rows of its first table with data (a field per
 * column, named by the header), else of the element whose children repeat the most (a field per element
 * with a class in a row, and each link's href); prices and counts cleaned with `to_number`; the listing's
 * next link when there is one. Throws when the page has neither.
 */
export const draftHtmlResource = (html: string): HtmlResourceDraft => {
  const $ = load(html);
  const table = draftTable($);
  const found = table ?? draftList($);
  if (!found) {
    throw new Error(
      'found no table with data rows and no repeated elements to read as records: write rowSelector and fields by hand',
    );
  }
  const nextSelector = nextSelectorOf($);
  const count = $(found.rowSelector).length;
  return {
    ...found,
    nextSelector,
    notes: [
      `${count} rows at ${found.rowSelector} (${table ? 'a table' : 'repeated elements'}), ${Object.keys(found.fields).length} fields`,
      nextSelector
        ? `the next page is the link at ${nextSelector}`
        : 'no link to a next page: the URL is read alone',
    ],
  };
};
