import { formatAge } from '../../dead-letters/format-dead-letters.ts';
import type { DeadLetterListing, DeadLetterRow } from '../../dead-letters/types.ts';
import { html, type SafeHtml } from '../escape-html.ts';
import { csrfField, plural, runLink } from './format.ts';

/** Messages by their reason, the most frequent first: one cause usually explains many. */
export const groupByReason = (rows: readonly DeadLetterRow[]): [string, DeadLetterRow[]][] => {
  const groups = new Map<string, DeadLetterRow[]>();
  for (const row of rows) groups.set(row.reason, [...(groups.get(row.reason) ?? []), row]);
  return [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
};

const messageRow = (row: DeadLetterRow): SafeHtml => html`<tr data-message="${row.messageId}">
<td>${formatAge(row.ageSeconds)}</td><td>${row.stage}</td><td>${runLink(row.runId)}</td><td>${row.type ?? '-'}</td>
<td>${row.resource === null ? '-' : `${row.resource}${row.page === null ? '' : ` page ${row.page}`}`}</td>
<td class="num">${row.attempts ?? '-'}</td>
<td><details><summary>body</summary><pre>${row.body}</pre></details></td></tr>`;

const replayForms = (listing: DeadLetterListing, csrf: string): SafeHtml => {
  const runs = [...new Set(listing.messages.flatMap((row) => (row.runId === null ? [] : [row.runId])))];
  const form = (
    label: string,
    run?: string,
  ) => html`<form class="inline" method="post" action="/dlq/replay">${csrfField(csrf)}
<input type="hidden" name="stage" value="${listing.stage}">${run === undefined ? '' : html`<input type="hidden" name="run" value="${run}">`}
<button type="submit">${label}</button></form>`;
  return html`${form(`Replay all of ${listing.stage}`)}${runs.map((run) => form(`Replay run ${run}`, run))}`;
};

/** Purging deletes for good: the form asks for the stage's name typed in, and the server checks it. */
const purgeForm = (
  listing: DeadLetterListing,
  csrf: string,
): SafeHtml => html`<form class="inline purge" method="post" action="/dlq/purge">${csrfField(csrf)}
<input type="hidden" name="stage" value="${listing.stage}">
<label>Type <code>${listing.stage}</code> to purge: <input type="text" name="confirm" autocomplete="off" aria-label="confirm purge of ${listing.stage}"></label>
<button type="submit" class="danger">Purge the ${listing.stage} DLQ</button></form>`;

const listingSection = (listing: DeadLetterListing, csrf: string): SafeHtml => {
  const { deadLetter: depth } = listing;
  const heading = html`<h2 id="dlq-${listing.stage}">${listing.stage} DLQ <span class="muted">${depth.waiting} waiting, ${depth.inFlight} in flight${depth.delayed > 0 ? `, ${depth.delayed} delayed` : ''}</span></h2>`;
  if (listing.messages.length === 0 && listing.unlisted === 0)
    return html`${heading}<p class="muted">Empty.</p>`;
  const unlisted =
    listing.unlisted > 0
      ? html`<p class="muted">… and ${plural(listing.unlisted, 'message')} not listed (in flight, delayed, or past the listing's limit).</p>`
      : html``;
  return html`${heading}
<section class="dlq" data-stage="${listing.stage}">${groupByReason(listing.messages).map(
    ([reason, rows]) => html`<h3 class="reason">${plural(rows.length, 'message')}: <code>${reason}</code></h3>
<table><thead><tr><th>age</th><th>stage</th><th>run</th><th>type</th><th>page</th><th class="num">attempts</th><th>message</th></tr></thead>
<tbody>${rows.map(messageRow)}</tbody></table>`,
  )}${unlisted}
${replayForms(listing, csrf)}
${purgeForm(listing, csrf)}</section>`;
};

/** Each DLQ read without consuming it: messages grouped by reason, with replay and purge. */
export const deadLettersView = (
  listings: readonly DeadLetterListing[],
  csrf: string,
): SafeHtml => html`<h1>Dead letters</h1>
<p class="muted">Read without consuming them: the listing hides each message for a moment and puts it back. Fix the cause first, then replay (the services must be running).</p>
${listings.map((listing) => listingSection(listing, csrf))}
<p class="muted">The same as <code>npx sluice dlq list --json</code>: <a href="/api/dlq">/api/dlq</a>.</p>`;
