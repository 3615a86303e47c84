// biome-ignore-all lint/suspicious/noTemplateCurlyInString: pipeline files write ${VAR} references, as these tests do
import { describe, expect, it } from 'vitest';
import { createCredential } from './rest-auth.ts';

const URL_1 = 'https://api.test/items?page=1';

describe('Function: createCredential()', () => {
  it('adds an API key as a header, or as a query parameter it names', () => {
    const header = createCredential(
      { type: 'api_key', in: 'header', name: 'X-Api-Key', value: '${KEY}' },
      { KEY: 'k1' },
    );
    const query = createCredential(
      { type: 'api_key', in: 'query', name: 'api_key', value: '${KEY}' },
      { KEY: 'k 2' },
    );
    expect(header.authorise(URL_1)).toEqual({ url: URL_1, headers: { 'X-Api-Key': 'k1' } });
    expect(header.queryParam).toBeNull();
    expect(query.authorise(URL_1)).toEqual({ url: `${URL_1}&api_key=k+2`, headers: {} });
    expect(query.queryParam).toBe('api_key');
  });

  it('sends a bearer token and names the variables it came from', () => {
    const bearer = createCredential({ type: 'bearer', token: '${TOKEN}' }, { TOKEN: 't' });
    expect(bearer.authorise(URL_1)).toEqual({ url: URL_1, headers: { authorization: 'Bearer t' } });
    expect(bearer.variables).toEqual(['TOKEN']);
  });

  it('adds nothing without auth, and throws for an unset variable', () => {
    expect(createCredential({ type: 'none' }, {}).authorise(URL_1)).toEqual({ url: URL_1, headers: {} });
    expect(() => createCredential({ type: 'bearer', token: '${TOKEN}' }, {})).toThrow(/TOKEN is required/);
  });
});
