import { describe, expect, it } from 'vitest';
import { acceptedHostsOf, ConsoleAddressError, loopbackHostOf } from './console-address.ts';

describe('Function: loopbackHostOf()', () => {
  it('takes loopback addresses', () => {
    // Act
    const hosts = ['127.0.0.1', '127.0.0.2', '::1', '[::1]'].map(loopbackHostOf);

    // Assess
    expect(hosts).toEqual(['127.0.0.1', '127.0.0.2', '::1', '::1']);
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'localhost', 'example.com', ''])(
    'refuses %j: the console would be reachable from elsewhere, or the name could resolve anywhere',
    (host) => {
      // Act
      const listen = () => loopbackHostOf(host);

      // Assess
      expect(listen).toThrow(ConsoleAddressError);
      expect(listen).toThrow(/loopback only/);
    },
  );
});

describe('Function: acceptedHostsOf()', () => {
  it('answers its own address and localhost at its port, nothing else', () => {
    // Act
    const hosts = acceptedHostsOf('127.0.0.1', 8642);
    const v6 = acceptedHostsOf('::1', 8642);

    // Assess
    expect([...hosts]).toEqual(['127.0.0.1:8642', 'localhost:8642']);
    expect([...v6]).toEqual(['[::1]:8642', 'localhost:8642']);
  });
});
