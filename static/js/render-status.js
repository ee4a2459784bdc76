// Polls each draft preview that is still being made and reloads the page when it is ready.
(function () {
  const pending = document.querySelectorAll('.document-preview[data-state="pending"]');
  if (!pending.length) return;
  let tries = 0;
  const check = function () {
    tries += 1;
    Promise.all(Array.from(pending).map(function (el) {
      return fetch(el.dataset.statusUrl, { credentials: 'same-origin' }).then(function (r) { return r.json(); });
    })).then(function (states) {
      if (states.some(function (s) { return s.state !== 'pending'; })) {
        window.location.reload();
      } else if (tries < 60) {
        window.setTimeout(check, 1500);
      }
    });
  };
  window.setTimeout(check, 1000);
})();
