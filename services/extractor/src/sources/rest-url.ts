export type ParamValue = string | number | boolean;

/**
 * `base` + `path` (`https://h/api/` + `/items` → `https://h/api/items`): appended, not resolved, so the
 * base's own path is kept; a query on the base (`?format=json`) is kept too, before the path's own.
 */
export const joinUrl = (base: string, path: string): URL => {
  const baseUrl = new URL(base);
  const url = new URL(`${baseUrl.origin}${baseUrl.pathname.replace(/\/+$/, '')}${path}`);
  const pathParams = [...url.searchParams];
  url.search = baseUrl.search;
  for (const [name, value] of pathParams) url.searchParams.append(name, value);
  return url;
};

/** `url` with each parameter set (replacing any value it had), the others kept in their order. */
export const withParams = (url: string | URL, params: Record<string, ParamValue>): string => {
  const next = new URL(url);
  for (const [name, value] of Object.entries(params)) next.searchParams.set(name, String(value));
  return next.href;
};

/** `url` without a parameter: a credential an API echoes into its next links must not travel on. */
export const withoutParam = (url: string, name: string): string => {
  const next = new URL(url);
  if (!next.searchParams.has(name)) return url;
  next.searchParams.delete(name);
  return next.href;
};
