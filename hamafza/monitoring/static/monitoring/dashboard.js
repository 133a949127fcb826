// Plan-vs-actual charts from the dashboard's JSON; the same figures are in the tables beside them.
(function () {
  const league = document.getElementById("league-chart");
  const trend = document.getElementById("trend-chart");
  const trainer = document.getElementById("trainer-chart");
  const source = (league || trend || trainer || {}).dataset;
  if (!source || typeof Chart === "undefined") return;
  const rtl = document.documentElement.dir === "rtl";
  const lang = document.documentElement.lang || "fa";
  const locale = lang === "fa" ? "fa-IR" : "en";
  const digits = new Intl.NumberFormat(locale);
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  const common = {
    animation: false,
    maintainAspectRatio: false,
    locale: locale,
    plugins: {
      legend: { rtl: rtl, textDirection: rtl ? "rtl" : "ltr" },
      tooltip: { rtl: rtl, textDirection: rtl ? "rtl" : "ltr" },
    },
    scales: {
      x: { reverse: rtl },
      y: { beginAtZero: true, position: rtl ? "right" : "left", ticks: { precision: 0, callback: (v) => digits.format(v) } },
    },
  };
  fetch(source.source, { credentials: "same-origin" })
    .then((r) => r.json())
    .then((data) => {
      if (league) {
        const rows = data.league;
        new Chart(league, {
          type: "bar",
          data: {
            labels: rows.map((r) => r.district),
            datasets: [
              { label: league.dataset.delivered, data: rows.map((r) => r.delivered), backgroundColor: "#2f6f8f" },
              { label: league.dataset.expected, data: rows.map((r) => r.expected), backgroundColor: "#c9a227" },
              { label: league.dataset.target, data: rows.map((r) => r.target), backgroundColor: "#bbbbbb" },
            ],
          },
          options: common,
        });
      }
      if (trend) {
        const months = data.trend;
        new Chart(trend, {
          type: "line",
          data: {
            labels: months.map((m) => m.label),
            datasets: [
              { label: trend.dataset.delivered, data: months.map((m) => m.delivered_to_date), borderColor: "#2f6f8f", backgroundColor: "#2f6f8f" },
              { label: trend.dataset.target, data: months.map((m) => m.target_to_date), borderColor: "#999999", backgroundColor: "#999999", borderDash: [6, 4] },
            ],
          },
          options: common,
        });
      }
      if (trainer) {
        const months = data.months;
        new Chart(trainer, {
          type: "bar",
          data: {
            labels: months.map((m) => m.label),
            datasets: [{ label: trainer.dataset.delivered, data: months.map((m) => m.delivered), backgroundColor: "#2f6f8f" }],
          },
          options: common,
        });
      }
    });
})();
