// A bar chart of each line's waiting and answered today, in the table's order, kept and updated between refreshes.
import { t } from "../common.js";
import { lineName } from "./table.js";

let chart = null;

export function renderChart(canvas, lines) {
  if (typeof Chart === "undefined") return;
  // One bar pair a line, laid sideways so that the long names can be read.
  canvas.parentElement.style.height = `${6 + lines.length * 2.2}rem`;
  const labels = lines.map(lineName);
  const datasets = [
    { label: t("networkWaiting"), data: lines.map((line) => line.waiting) },
    { label: t("networkAnswered"), data: lines.map((line) => line.answeredToday) },
  ];
  if (!chart) {
    chart = new Chart(canvas, {
      type: "bar",
      data: { labels, datasets },
      options: { indexAxis: "y", animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    return;
  }
  chart.data.labels = labels;
  datasets.forEach((dataset, i) => Object.assign(chart.data.datasets[i], dataset));
  chart.update();
}
