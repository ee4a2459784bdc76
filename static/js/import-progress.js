// Follows an import job that is still running: moves its progress bar as the status URL
// reports rows done, and reloads the page (preview, result or error) once the job has ended.
(function () {
  const box = document.querySelector('.import-progress[data-status-url]');
  if (!box) return;
  const bar = box.querySelector('progress');
  const text = box.querySelector('.import-progress-text');
  const check = function () {
    fetch(box.dataset.statusUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.finished) {
          window.location.reload();
          return;
        }
        if (state.total !== null) {
          bar.max = Math.max(state.total, 1);
          bar.value = state.done;
        }
        text.textContent = state.text;
        window.setTimeout(check, 1000);
      })
      .catch(function () { window.setTimeout(check, 5000); });
  };
  window.setTimeout(check, 1000);
})();
