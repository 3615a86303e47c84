import { describe, expect, it } from 'vitest';
import { draftHtmlResource } from './draft-html-source.ts';

const SHOP = `<html><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About</a></li><li><a href="/faq">FAQ</a></li></ul></nav>
<div class="products">
  <div class="product"><a class="name" href="/products/1.html">Lamp</a><span class="price">$1,299.00</span><p class="description">Bright<br>and warm</p></div>
  <div class="product"><a class="name" href="/products/2.html">Desk</a><span class="price">$80</span><p class="description">Oak</p></div>
</div>
<a rel="next" href="/shop?page=2">Next</a>
</body></html>`;

const TABLE = `<table class="episodes">
<thead><tr><th>Code</th><th>Name</th><th>Air date</th><th>Runtime</th></tr></thead>
<tbody>
<tr><td>S01E01</td><td><a href="/e/1">Pilot</a></td><td>December 2, 2013</td><td>22 min</td></tr>
<tr><td>S01E02</td><td><a href="/e/2">Lawnmower Dog 2</a></td><td>December 9, 2013</td><td>1.021,5 min</td></tr>
</tbody></table>
<p><a href="/episodes?page=2">Next page</a></p>`;

describe('Function: draftHtmlResource()', () => {
  it('reads repeated elements as rows, a field per class inside them, links as URLs and prices as numbers', () => {
    // Act
    const draft = draftHtmlResource(SHOP);

    // Assess
    expect(draft.rowSelector).toBe('div.products > div.product');
    expect(draft.fields).toEqual({
      name: { selector: '.name', clean: ['collapse_whitespace', 'trim'] },
      name_url: { selector: '.name', attribute: 'href' },
      price: { selector: '.price', clean: ['trim', 'to_number'] },
      description: { selector: '.description', clean: ['collapse_whitespace', 'trim'] },
    });
    expect(draft.nextSelector).toBe('a[rel~=next]');
  });

  it('reads a table’s data rows, a field per column named by its header, and a next link by its text', () => {
    // Act
    const draft = draftHtmlResource(TABLE);

    // Assess
    expect(draft.rowSelector).toBe('table.episodes tr:has(td)');
    expect(Object.keys(draft.fields)).toEqual(['code', 'name', 'name_url', 'air_date', 'runtime']);
    expect(draft.fields.runtime).toEqual({
      selector: 'td:nth-child(4)',
      clean: ['trim', { to_number: { decimal: ',' } }],
    });
    expect(draft.fields.name_url).toEqual({ selector: 'td:nth-child(2) a', attribute: 'href' });
    expect(draft.fields.name).toEqual({
      selector: 'td:nth-child(2)',
      clean: ['collapse_whitespace', 'trim'],
    });
    expect(draft.nextSelector).toBe('a:contains("Next page")');
  });

  it('throws when the page has no rows to read', () => {
    // Act
    const act = () => draftHtmlResource('<html><body><p>Hello</p></body></html>');

    // Assess
    expect(act).toThrow('found no table with data rows and no repeated elements');
  });
});
