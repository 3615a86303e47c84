// The console's only script, served by the console itself. A run's page is re-rendered by the server
// (every value escaped there) and sent as server-sent events; this swaps the parts in, with no reload.
for (const live of document.querySelectorAll('[data-live]')) {
  const settled = document.getElementById('settled');
  const events = new EventSource(live.dataset.live);
  events.addEventListener('run', (event) => {
    const update = JSON.parse(event.data);
    live.innerHTML = update.html;
    if (update.settled !== undefined && settled) settled.innerHTML = update.settled;
    live.dataset.updates = String(Number(live.dataset.updates ?? '0') + 1);
  });
  events.addEventListener('failure', (event) => {
    live.dataset.failure = JSON.parse(event.data).message;
  });
}
