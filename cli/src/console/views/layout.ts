import { html, type SafeHtml } from '../escape-html.ts';

export const SECTIONS = [
  { path: '/runs', label: 'Runs' },
  { path: '/queues', label: 'Queues' },
  { path: '/dlq', label: 'Dead letters' },
  { path: '/pipelines', label: 'Pipelines' },
  { path: '/consumers', label: 'Consumers' },
] as const;

export type Section = (typeof SECTIONS)[number]['path'];

/** A message shown at the top of a page: what an action did, or why it was refused. */
export interface Notice {
  kind: 'ok' | 'warn' | 'error';
  text: string;
}

export const noticeView = (notice: Notice | undefined): SafeHtml =>
  notice ? html`<p class="banner ${notice.kind}" role="status">${notice.text}</p>` : html``;

/** The page around every view: the navigation, the style sheet and the one script, all served here. */
export const layoutView = (page: {
  title: string;
  section: Section;
  body: SafeHtml;
  notice?: Notice | undefined;
}): SafeHtml => html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · Sluice console</title>
<link rel="stylesheet" href="/assets/console.css">
<script src="/assets/console.js" defer></script>
</head>
<body>
<header><span class="brand">Sluice</span><nav>${SECTIONS.map(
  ({ path, label }) =>
    html`<a href="${path}"${path === page.section ? html` aria-current="page"` : ''}>${label}</a>`,
)}</nav></header>
<main>
${noticeView(page.notice)}
${page.body}
</main>
</body>
</html>
`;
