import { describe, expect, it } from 'vitest';
import { parseEndpointAddress } from './endpoint-address.ts';

describe('Function: parseEndpointAddress()', () => {
  it('reads host and port', () => {
    expect(parseEndpointAddress('http://127.0.0.1:4566')).toEqual({ host: '127.0.0.1', port: 4566 });
  });

  it('uses the scheme default port and unbrackets IPv6', () => {
    expect(parseEndpointAddress('http://[::1]')).toEqual({ host: '::1', port: 80 });
  });
});
