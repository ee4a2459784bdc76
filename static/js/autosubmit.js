// A <select data-autosubmit> submits its form as soon as the choice changes (the school switcher,
// the year picker). Without JavaScript the form's <noscript> button does the same.
document.addEventListener('change', function (event) {
  const field = event.target.closest('[data-autosubmit]');
  if (field && field.form) field.form.submit();
});
