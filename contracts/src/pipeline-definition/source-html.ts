import * as z from 'zod';
import { ResourceNameSchema } from '../names.ts';
import { AllowedHostsSchema } from './allowed-hosts.ts';
import { FieldNameSchema } from './identifiers.ts';
import { TemplateSchema } from './template.ts';
import { RegexSchema } from './transform.ts';

/** Applied in order to the text a selector found; see CleanStepSchema for the steps that take options. */
export const CLEAN_STEPS = [
  'trim',
  'collapse_whitespace',
  'strip_html',
  'lowercase',
  'uppercase',
  'to_number',
] as const;

/**
 * A cleaning step: one of CLEAN_STEPS, or a step with options. `to_number` reads prices and counts as
 * people write them (`$1,299.00`, `1.299,00 €` with `decimal: ','`); `replace` rewrites every match of a
 * regular expression (`$1` and the like refer to its groups); `regex` keeps the first capture group of
 * the first match (the whole match without a group); `null_if` makes the listed texts (trimmed, in any
 * case) a null, for a page that writes "TBA" or "n/a" for no value. A value a step cannot read is not made
 * null: the record is rejected, naming the step and the value.
 */
export const CleanStepSchema = z.union([
  z.enum(CLEAN_STEPS),
  z.strictObject({ to_number: z.strictObject({ decimal: z.enum(['.', ',']).default('.') }) }),
  z.strictObject({ replace: z.strictObject({ pattern: RegexSchema, with: z.string().default('') }) }),
  z.strictObject({ regex: RegexSchema }),
  z.strictObject({ null_if: z.array(z.string()).min(1) }),
]);
export type CleanStep = z.infer<typeof CleanStepSchema>;

const SelectorSchema = z.string().trim().min(1, 'a CSS selector');

/** `text` (the element's text), `html` (its inner HTML) or the name of an attribute (`href`, `data-id`). */
const AttributeSchema = z
  .string()
  .regex(/^[A-Za-z_:][A-Za-z0-9_.:-]*$/, "'text', 'html' or an attribute name such as 'href'");

export const HtmlFieldSchema = z.strictObject({
  /** Relative to the row (or to the detail page, for `follow.fields`). */
  selector: SelectorSchema,
  attribute: AttributeSchema.default('text'),
  clean: z.array(CleanStepSchema).optional(),
});

const FieldsSchema = z
  .record(FieldNameSchema, HtmlFieldSchema)
  .refine((fields) => Object.keys(fields).length > 0, 'at least one field');

/** A link in each row to a detail page, whose fields join the row's record. */
export const FollowSchema = z.strictObject({
  selector: SelectorSchema,
  attribute: AttributeSchema.default('href'),
  fields: FieldsSchema,
});

/** A listing split over pages: the next one is wherever `nextSelector` points (its `href`). */
export const ListingSchema = z.strictObject({
  url: TemplateSchema,
  nextSelector: SelectorSchema,
  /** A guard against a listing that links back to itself. */
  maxPages: z.int().positive().optional(),
});

export const HtmlResourceSchema = z
  .strictObject({
    /** Pages read as they are, each one a page of the resource. */
    startUrls: z.array(TemplateSchema).min(1).optional(),
    listing: ListingSchema.optional(),
    /** Each element it matches is one record. */
    rowSelector: SelectorSchema,
    fields: FieldsSchema,
    follow: FollowSchema.optional(),
  })
  .superRefine((resource, ctx) => {
    if ((resource.startUrls === undefined) === (resource.listing === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either startUrls or listing (one of them)' });
    }
    // Detail fields join the row's record, so a shared name would silently overwrite one of them.
    for (const name of Object.keys(resource.follow?.fields ?? {})) {
      if (Object.hasOwn(resource.fields, name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['follow', 'fields', name],
          message: `'${name}' is already a field of the row; detail fields join the row, so give it another name`,
        });
      }
    }
  });
export type HtmlResource = z.infer<typeof HtmlResourceSchema>;

/** Web pages read with CSS selectors: a table or a list of rows, and optionally a detail page per row. */
export const HtmlSourceSchema = z.strictObject({
  type: z.literal('html'),
  headers: z.record(z.string().min(1), TemplateSchema).optional(),
  /** Requests per second; be gentle with sites that are not APIs. Omitted, unlimited. */
  rateLimit: z.number().positive().max(1000).optional(),
  concurrency: z.int().min(1).max(64).optional(),
  retries: z.int().min(0).max(10).optional(),
  /**
   * Hosts besides the origins of `startUrls` and `listing.url` that next links, detail pages and redirects
   * may lead to (`cdn.example.com`, `127.0.0.1:8080`); omitted, only those origins are fetched.
   */
  allowedHosts: AllowedHostsSchema.optional(),
  resources: z
    .record(ResourceNameSchema, HtmlResourceSchema)
    .refine((resources) => Object.keys(resources).length > 0, 'a source needs at least one resource'),
});
export type HtmlSource = z.infer<typeof HtmlSourceSchema>;
