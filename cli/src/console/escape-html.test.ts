import { describe, expect, it } from 'vitest';
import { escapeHtml, html, rawHtml } from './escape-html.ts';

describe('Function: escapeHtml()', () => {
  it('escapes the five characters that could end text or an attribute value', () => {
    // Act
    const escaped = escapeHtml(`<script>alert("x")</script> & 'quoted'`);

    // Assess
    expect(escaped).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;');
  });
});

describe('Function: html``', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    // Prepare
    const reason = '<script>alert(1)</script>';
    const title = '" onmouseover="alert(2)';

    // Act
    const markup = html`<p title="${title}">${reason}</p>`.value;

    // Assess
    expect(markup).toBe(
      '<p title="&quot; onmouseover=&quot;alert(2)">&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
    expect(markup).not.toContain('<script>');
  });

  it('keeps nested templates and the console’s own markup, and escapes the values inside them', () => {
    // Prepare
    const rows = ['<b>one</b>', 'two'];

    // Act
    const markup = html`<ul>${rows.map((row) => html`<li>${row}</li>`)}</ul>${rawHtml('<hr>')}`.value;

    // Assess
    expect(markup).toBe('<ul><li>&lt;b&gt;one&lt;/b&gt;</li><li>two</li></ul><hr>');
  });

  it('renders null, undefined and false as nothing, and numbers as text', () => {
    // Act
    const markup = html`${null}${undefined}${false}${0}${42}`.value;

    // Assess
    expect(markup).toBe('042');
  });
});
