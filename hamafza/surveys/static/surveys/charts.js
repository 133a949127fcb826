// Bar charts of a survey's results; the same figures are in the table next to each chart.
(function () {
  const source = document.getElementById("survey-charts");
  if (!source || typeof Chart === "undefined") return;
  const charts = JSON.parse(JSON.parse(source.textContent));
  const font = getComputedStyle(document.body).fontFamily;
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
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }
})();
