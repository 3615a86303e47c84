import { describe, expect, it } from 'vitest';
import { nextLinkOf, parseLinkHeader } from './rest-link-header.ts';

describe('Function: parseLinkHeader()', () => {
  it("reads GitHub's links, whose URLs hold commas and semicolons", () => {
    // Prepare
    const header =
      '<https://api.github.com/repos/a/b/issues?labels=x,y;z&page=2>; rel="next", ' +
      '<https://api.github.com/repos/a/b/issues?page=5>; rel="last"';

    // Act
    const links = parseLinkHeader(header);

    // Assess
    expect(links).toEqual([
      { href: 'https://api.github.com/repos/a/b/issues?labels=x,y;z&page=2', rel: ['next'] },
      { href: 'https://api.github.com/repos/a/b/issues?page=5', rel: ['last'] },
    ]);
  });

  it('reads unquoted and multi-valued rel, other parameters, and keeps only the first rel', () => {
    const header = '</a>; title="a, \\"b\\"; c"; REL=Next, </b>;rel="prev last";rel=next, </c>; rel=first';
    expect(parseLinkHeader(header)).toEqual([
      { href: '/a', rel: ['next'] },
      { href: '/b', rel: ['prev', 'last'] },
      { href: '/c', rel: ['first'] },
    ]);
  });

  it('stops at a malformed link rather than guessing', () => {
    expect(parseLinkHeader('</a>; rel="prev", garbage, </b>; rel="next"')).toEqual([
      { href: '/a', rel: ['prev'] },
    ]);
    expect(parseLinkHeader('')).toEqual([]);
  });
});

describe('Function: nextLinkOf()', () => {
  it('finds the next link wherever it is, or null', () => {
    expect(nextLinkOf('</1>; rel="first", </3>; rel="next"')).toBe('/3');
    expect(nextLinkOf('</1>; rel="first"')).toBeNull();
    expect(nextLinkOf(null)).toBeNull();
  });
});
