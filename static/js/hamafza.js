// Small glue: the Jalali date picker on every [data-jdp] input, also after htmx swaps.
(function () {
  function startPicker() {
    if (window.jalaliDatepicker) {
      window.jalaliDatepicker.startWatch({ persianDigits: document.documentElement.lang === "fa" });
    }
  }
  document.addEventListener("DOMContentLoaded", startPicker);
  document.body && document.body.addEventListener("htmx:afterSwap", startPicker);
})();
