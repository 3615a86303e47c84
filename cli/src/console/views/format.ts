import { html, type SafeHtml } from '../escape-html.ts';

/** `2026-11-25 15:18:41 UTC` from the warehouse's `2026-11-25 15:18:41.123` (UTC) or an ISO time. */
export const formatTime = (time: string | null): string =>
  time === null ? '-' : `${time.replace('T', ' ').slice(0, 19)} UTC`;

/** `3.8 s`, `2 min 05 s`, `1 h 02 min`. */
export const formatSeconds = (seconds: number | null): string => {
  if (seconds === null) return '-';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`;
};

/** A run's status as a coloured label; the class is chosen from the known statuses only. */
export const statusBadge = (status: string): SafeHtml => {
  const known = ['running', 'failing', 'succeeded', 'failed', 'cancelled'].includes(status);
  return html`<span class="status ${known ? `status-${status}` : ''}" data-status="${status}">${status}</span>`;
};

export const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** A hidden field with the console's CSRF token, for every form that changes something. */
export const csrfField = (token: string): SafeHtml =>
  html`<input type="hidden" name="_csrf" value="${token}">`;

/** A link to a run's page. */
export const runLink = (runId: string | null): SafeHtml =>
  runId === null ? html`-` : html`<a href="/runs/${encodeURIComponent(runId)}">${runId}</a>`;
