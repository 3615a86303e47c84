import { describe, expect, it } from 'vitest';
import { deadLetterListing, deadLetterRow, RUN_ID } from '../test-factories.ts';
import { deadLettersView, groupByReason } from './dead-letters-view.ts';

describe('Function: deadLettersView()', () => {
  it('renders a reason and a body holding markup as text, never as markup', () => {
    // Prepare
    const row = deadLetterRow({
      reason: '<script>alert(1)</script>',
      body: '{"note":"<img src=x onerror=alert(2)>"}',
      resource: '<b>character</b>',
    });

    // Act
    const markup = deadLettersView([deadLetterListing('load', [row])], 'token-1').value;

    // Assess
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markup).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(markup).toContain('&lt;b&gt;character&lt;/b&gt; page 7');
    expect(markup).not.toMatch(/<script>|<img|<b>/);
  });

  it('groups each DLQ’s messages by reason, with its stage, run, page, attempts and age', () => {
    // Prepare
    const rows = [
      deadLetterRow({ messageId: 'a', reason: 'LoadError: refused' }),
      deadLetterRow({ messageId: 'b', reason: 'ContractError: bad', page: 8, attempts: 1, ageSeconds: 30 }),
      deadLetterRow({ messageId: 'c', reason: 'LoadError: refused', page: 9 }),
    ];

    // Act
    const groups = groupByReason(rows);
    const markup = deadLettersView([deadLetterListing('load', rows)], 'token-1').value;

    // Assess
    expect(groups.map(([reason, messages]) => [reason, messages.length])).toEqual([
      ['LoadError: refused', 2],
      ['ContractError: bad', 1],
    ]);
    expect(markup).toMatch(/2 messages: <code>LoadError: refused<\/code>/);
    expect(markup).toContain('<td>30s</td><td>load</td>');
    expect(markup).toContain(`href="/runs/${RUN_ID}"`);
    expect(markup).toContain('character page 8');
  });

  it('offers replay by stage and by run, and a purge that asks for the stage’s name, each with the CSRF token', () => {
    // Act
    const markup = deadLettersView([deadLetterListing('transform', [deadLetterRow()])], 'token-1').value;

    // Assess
    const forms = markup.match(/<form[\s\S]*?<\/form>/g) ?? [];
    expect(forms).toHaveLength(3);
    for (const form of forms) {
      expect(form).toContain('method="post"');
      expect(form).toContain('<input type="hidden" name="_csrf" value="token-1">');
    }
    expect(forms[1]).toContain(`name="run" value="${RUN_ID}"`);
    expect(forms[2]).toContain('action="/dlq/purge"');
    expect(forms[2]).toContain('name="confirm"');
  });

  it('says an empty DLQ is empty and offers nothing to replay or purge', () => {
    // Act
    const markup = deadLettersView([deadLetterListing('extract')], 'token-1').value;

    // Assess
    expect(markup).toContain('Empty.');
    expect(markup).not.toContain('<form');
  });
});
