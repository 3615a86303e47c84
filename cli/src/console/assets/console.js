// The console's only script, served by the console itself. A run's live part is re-rendered by the
// server (every value escaped there) and sent as server-sent events; this swaps it in, with no reload.
for (const live of document.querySelectorAll('[data-live]')) {
  const events = new EventSource(live.dataset.live);
  events.addEventListener('run', (event) => {
    live.innerHTML = JSON.parse(event.data).html;
    live.dataset.updates = String(Number(live.dataset.updates ?? '0') + 1);
  });
  events.addEventListener('failure', (event) => {
    live.dataset.failure = JSON.parse(event.data).message;
  });
}
