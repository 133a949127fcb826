// Bar charts of a survey's results; the same figures are in the table next to each chart.
(function () {
  const source = document.getElementById("survey-charts");
  if (!source || typeof Chart === "undefined") return;
  const charts = JSON.parse(JSON.parse(source.textContent));
  const font = getComputedStyle(document.body).fontFamily;
  const rtl = document.documentElement.dir === "rtl";
  // Numbers on axes and in tooltips in the page's digits (Persian in fa), like the table beside.
  const locale = (document.documentElement.lang || "fa") === "fa" ? "fa-IR" : "en";
  const digits = new Intl.NumberFormat(locale);
  Chart.defaults.font.family = font;
  for (const chart of charts) {
    const canvas = document.querySelector(`canvas[data-question="${chart.id}"]`);
    if (!canvas) continue;
    new Chart(canvas, {
      type: "bar",
      data: { labels: chart.labels, datasets: [{ data: chart.counts, backgroundColor: "#2f6f8f" }] },
      options: {
        indexAxis: "y",
        animation: false,
        locale: locale,
        plugins: { legend: { display: false }, tooltip: { rtl: rtl, textDirection: rtl ? "rtl" : "ltr" } },
        scales: {
          x: { beginAtZero: true, reverse: rtl, ticks: { precision: 0, callback: (v) => digits.format(v) } },
          y: { position: rtl ? "right" : "left" },
        },
      },
    });
  }
})();
