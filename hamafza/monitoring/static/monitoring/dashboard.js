// Plan-vs-actual charts from the dashboard's JSON; the same figures are in the tables below.
(function () {
  const canvas = document.getElementById("league-chart");
  if (!canvas || typeof Chart === "undefined") return;
  const rtl = document.documentElement.dir === "rtl";
  const lang = document.documentElement.lang || "fa";
  const digits = new Intl.NumberFormat(lang === "fa" ? "fa-IR" : "en");
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  fetch(canvas.dataset.source, { credentials: "same-origin" })
    .then((r) => r.json())
    .then((data) => {
      const rows = data.league;
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: rows.map((r) => r.district),
          datasets: [
            { label: canvas.dataset.delivered, data: rows.map((r) => r.delivered), backgroundColor: "#2f6f8f" },
            { label: canvas.dataset.expected, data: rows.map((r) => r.expected), backgroundColor: "#c9a227" },
            { label: canvas.dataset.target, data: rows.map((r) => r.target), backgroundColor: "#bbbbbb" },
          ],
        },
        options: {
          animation: false,
          locale: lang === "fa" ? "fa-IR" : "en",
          plugins: {
            legend: { rtl: rtl, textDirection: rtl ? "rtl" : "ltr" },
            tooltip: { rtl: rtl, textDirection: rtl ? "rtl" : "ltr" },
          },
          scales: {
            x: { reverse: rtl },
            y: { beginAtZero: true, position: rtl ? "right" : "left", ticks: { precision: 0, callback: (v) => digits.format(v) } },
          },
        },
      });
    });
})();
