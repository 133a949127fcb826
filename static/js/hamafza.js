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

// An htmx request refused (403), not found (404) or not understood (400) answers a short
// translated message (templates/errors/fragment.html); htmx swaps nothing on an error, so the
// message is shown above the page instead of leaving the click without an answer.
(function () {
  document.addEventListener("htmx:responseError", function (event) {
    var doc = new DOMParser().parseFromString(event.detail.xhr.responseText || "", "text/html");
    var alert = doc.querySelector("[data-hz-error]");
    var main = document.querySelector("main");
    if (!alert || !main) return;
    main.querySelectorAll("[data-hz-error]").forEach(function (old) { old.remove(); });
    main.prepend(alert);
  });
})();
