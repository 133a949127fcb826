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

// Behaviour that pages used to write inline (onchange=, onclick=, style=): the
// Content-Security-Policy runs no inline code, so it is attached here, also after htmx swaps.
//   data-hz-autosubmit  a select that submits its form when changed (role switcher, calendar)
//   data-hz-back        a button that goes back one page (error pages)
//   data-hz-print       a button that prints the page (printable test, answer key)
//   data-hz-width="42"  a progress bar's width in percent (set through the CSSOM, which the
//                       policy allows, unlike a style attribute)
(function () {
  function widths(root) {
    root.querySelectorAll("[data-hz-width]").forEach(function (bar) {
      var value = parseFloat(String(bar.getAttribute("data-hz-width")).replace(/[٫,]/, "."));
      bar.style.width = (isFinite(value) ? Math.max(0, Math.min(100, value)) : 0) + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { widths(document); });
  document.addEventListener("htmx:afterSettle", function () { widths(document); });
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("select[data-hz-autosubmit]") && el.form) el.form.submit();
  });
  document.addEventListener("click", function (event) {
    var el = event.target && event.target.closest ? event.target.closest("[data-hz-back], [data-hz-print]") : null;
    if (!el) return;
    if (el.hasAttribute("data-hz-back")) history.back();
    else window.print();
  });
})();
