import * as z from 'zod';
import { ResourceNameSchema } from '../names.ts';
import { AllowedHostsSchema } from './allowed-hosts.ts';
import { FieldPathSchema, ParamNameSchema } from './identifiers.ts';
import { resolveTemplate, TemplateSchema } from './template.ts';

/**
 * A JSON API read page by page. Secrets in `auth` must be `${VAR}` references: that rule is checked on
 * the whole pipeline (pipeline.ts) so that its message can suggest a variable named after the pipeline.
 */
export const AuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({
    type: z.literal('api_key'),
    in: z.enum(['header', 'query']),
    /** The header or query parameter that carries the key: `X-Api-Key`, `apikey`. */
    name: z.string().min(1),
    value: TemplateSchema,
  }),
  /** Sent as `Authorization: Bearer <token>`. */
  z.strictObject({ type: z.literal('bearer'), token: TemplateSchema }),
]);

/** How to find the next page; each kind reads what the API gives (a body field, a header). */
export const PaginationSchema = z.discriminatedUnion('type', [
  /** One request per resource. */
  z.strictObject({ type: z.literal('none') }),
  /** The body names the next page's URL (`info.next`); null or missing ends the resource. */
  z.strictObject({ type: z.literal('next_url'), next: FieldPathSchema }),
  /**
   * `?page=N` from `start`. With `totalPages` (a body path such as `info.pages`) the first page says how
   * many there are and the rest are fetched in parallel; without it, pages are read until one is empty.
   */
  z.strictObject({
    type: z.literal('page_number'),
    param: ParamNameSchema.default('page'),
    start: z.int().nonnegative().default(1),
    totalPages: FieldPathSchema.optional(),
  }),
  /** `?offset=…&limit=…`; ends at a short page, or at `total` (a body path) when the API gives one. */
  z.strictObject({
    type: z.literal('offset'),
    offsetParam: ParamNameSchema.default('offset'),
    limitParam: ParamNameSchema.default('limit'),
    pageSize: z.int().positive().max(10_000),
    total: FieldPathSchema.optional(),
  }),
  /** An opaque cursor from the body (`meta.next_cursor`) sent back as `param`; pages are sequential. */
  z.strictObject({ type: z.literal('cursor'), param: ParamNameSchema, next: FieldPathSchema }),
  /** RFC 8288 `Link: <…>; rel="next"` (GitHub, many others). */
  z.strictObject({ type: z.literal('link_header') }),
]);
export type Pagination = z.infer<typeof PaginationSchema>;

const ParamValueSchema = z.union([TemplateSchema, z.number(), z.boolean()]);

export const RestResourceSchema = z.strictObject({
  /** Appended to `baseUrl`: `/character`, `/assets`. */
  path: TemplateSchema.refine((path) => path.startsWith('/'), "a resource path starts with '/'"),
  params: z.record(ParamNameSchema, ParamValueSchema).optional(),
  /** Overrides of the source's defaults for this resource only. */
  pagination: PaginationSchema.optional(),
  records: FieldPathSchema.optional(),
});

/** A base URL must be http(s) once its variables are resolved; only checkable when they have defaults. */
const isHttpUrlOrUnresolvable = (template: string): boolean => {
  let url: string;
  try {
    url = resolveTemplate(template, {});
  } catch {
    return true; // `${VAR}` without a default: the environment decides at run time
  }
  if (url.includes('${')) return true; // a malformed reference, which TemplateSchema reports
  return URL.canParse(url) && /^https?:$/.test(new URL(url).protocol);
};

export const RestSourceSchema = z.strictObject({
  type: z.literal('rest'),
  baseUrl: TemplateSchema.refine(isHttpUrlOrUnresolvable, 'baseUrl must be an http(s) URL'),
  auth: AuthSchema.default({ type: 'none' }),
  /** The default for every resource; a resource may override it. */
  pagination: PaginationSchema,
  /** Path to the array of records in a page's body (`results`, `data`); omitted, the body is the array. */
  records: FieldPathSchema.optional(),
  /** Headers on every request (not secrets: those go in `auth`). */
  headers: z.record(z.string().min(1), TemplateSchema).optional(),
  /** Requests per second, across the whole source; omitted, unlimited. */
  rateLimit: z.number().positive().max(1000).optional(),
  /** Requests in flight at once; omitted, the extractor's default. */
  concurrency: z.int().min(1).max(64).optional(),
  /** Retries of a failed request (408, 429, 5xx, timeouts); omitted, the extractor's default. */
  retries: z.int().min(0).max(10).optional(),
  /**
   * Hosts besides `baseUrl`'s origin that pages, pagination links and redirects may lead to
   * (`api2.example.com`, `127.0.0.1:8080`); omitted, only `baseUrl`'s origin is fetched.
   */
  allowedHosts: AllowedHostsSchema.optional(),
  /** Extracted in this order. */
  resources: z
    .record(ResourceNameSchema, RestResourceSchema)
    .refine((resources) => Object.keys(resources).length > 0, 'a source needs at least one resource'),
});
export type RestSource = z.infer<typeof RestSourceSchema>;
