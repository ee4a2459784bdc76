// A <button data-print> prints the page (the survey's personal links).
document.addEventListener('click', function (event) {
  if (event.target.closest('[data-print]')) window.print();
});
