import { describe, expect, it } from 'vitest';
import { AllowedHostsSchema, parseAllowedHost } from './allowed-hosts.ts';

describe('Function: parseAllowedHost()', () => {
  it('reads a host name without a port as the default port only', () => {
    expect(parseAllowedHost('API.Example.com')).toEqual({ hostname: 'api.example.com', port: null });
  });

  it('reads the port an entry names, even the default one that URL parsing drops', () => {
    expect(parseAllowedHost('127.0.0.1:8080')).toEqual({ hostname: '127.0.0.1', port: 8080 });
    expect(parseAllowedHost('example.com:80')).toEqual({ hostname: 'example.com', port: 80 });
    expect(parseAllowedHost('[::1]:9000')).toEqual({ hostname: '[::1]', port: 9000 });
    expect(parseAllowedHost('[::1]')).toEqual({ hostname: '[::1]', port: null });
  });

  it.each([
    'https://example.com',
    'example.com/path',
    'user@example.com',
    '*.example.com',
    'example.com:99999',
    'exa mple.com',
    '',
  ])('refuses %j, which is not a bare host', (entry) => {
    expect(parseAllowedHost(entry)).toBeNull();
  });
});

describe('Schema: AllowedHostsSchema', () => {
  it('says what an entry should look like when one is not a host', () => {
    // Act
    const result = AllowedHostsSchema.safeParse(['cdn.example.com', 'https://api.example.com']);

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: [1],
      message: expect.stringMatching(/^a host name, optionally with its port/),
    });
  });
});
