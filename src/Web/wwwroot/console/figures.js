// Today's figures, the queues, the counsellors and the live conversations, and charts of the last 24 h.
import { t, topicName, button, queueName, clockTime, lineName } from "../common.js";
import { store, watch, changed, $ } from "./store.js";
import { table } from "./table.js";
import { openMonitor } from "./monitor.js";

// null: nothing to divide yet (no contact today), which is neither 100% nor 0.
const NOTHING_YET = "—";
let charts = null;

export function initFigures(connection) {
  connection.on("StatsUpdated", (stats) => { store.stats = stats; changed("stats"); });
  watch(["stats"], renderFigures);
}

export async function loadFigures(connection) {
  store.stats = await connection.invoke("GetStats");
  changed("stats");
}

function percent(value) {
  return value === null ? NOTHING_YET : `${Math.round(value * 1000) / 10}%`;
}

function seconds(value) {
  return value === null ? NOTHING_YET : t("secondsValue", { value: Math.round(value) });
}

function renderFigures() {
  const stats = store.stats;
  if (!stats) return;
  const today = stats.today;
  $("today").replaceChildren(...[
    t("serviceLevel", { seconds: today.serviceLevelSeconds, value: percent(today.serviceLevel) }),
    t("asa", { value: seconds(today.averageSpeedToAnswerSeconds) }),
    t("abandonment", { value: percent(today.abandonmentRate) }),
    t("aht", { value: seconds(today.averageHandleSeconds) }),
  ].map((text) => { const item = document.createElement("li"); item.textContent = text; return item; }));
  $("staffing").textContent = t("staffing", { needed: stats.staffing.counselorsNeeded, onDuty: stats.staffing.onDuty });

  table("queues", ["queue", "waitingCol", "longestCol", "offeredCol", "answeredCol", "abandonedCol"],
    stats.queues.map((q) => [queueName(q.queue), q.waiting, q.longestWaitSeconds, q.offered, q.answeredToday, q.abandonedToday]));
  table("counselors", ["counselorsCol", "presenceCol", "loadCol"],
    stats.counselors.map((c) => [c.displayName, t(c.presence === "Busy" ? "active" : c.presence), `${c.held}/${c.cap}`]));
  table("active", ["activeTopicCol", "activeRiskCol", "durationCol", "counselorsCol", "monitor"],
    stats.activeConversations.map((a) => [topicName(store.topics, a.topic), t(a.riskLevel), a.durationSeconds, counselorCell(a),
      button(t("monitor"), "monitor", () => openMonitor(a.conversationId))]));
  renderCharts(stats.history);
}

// A conversation a line above its own answered (backup routing) says so, with the answering line's name.
function counselorCell(active) {
  const cell = document.createElement("td");
  cell.textContent = active.counselorName ?? "";
  if (active.answeredByLine && active.line && active.answeredByLine !== active.line) {
    const mark = document.createElement("span");
    mark.className = "backup-mark";
    mark.textContent = t("answeredByBackup", { line: lineName(active.answeredByLine) });
    cell.append(mark);
  }
  return cell;
}

function renderCharts(history) {
  if (typeof Chart === "undefined") return;
  const labels = history.map((bucket) => clockTime(bucket.start));
  const waiting = history.map((bucket) => bucket.maxWaiting);
  const answered = history.map((bucket) => bucket.answered);
  const level = history.map((bucket) => (bucket.answered + bucket.abandoned === 0 ? null : (100 * bucket.answeredWithinTarget) / (bucket.answered + bucket.abandoned)));
  if (!charts) {
    const common = { animation: false, responsive: true, maintainAspectRatio: false };
    charts = {
      load: new Chart($("chart-load"), { type: "bar", data: { labels, datasets: [{ label: t("waitingCol"), data: waiting }, { label: t("answeredCol"), data: answered }] }, options: common }),
      level: new Chart($("chart-service-level"), { type: "line", data: { labels, datasets: [{ label: "%", data: level, spanGaps: true }] }, options: { ...common, scales: { y: { min: 0, max: 100 } } } }),
    };
    return;
  }
  charts.load.data.labels = labels;
  charts.load.data.datasets[0].label = t("waitingCol");
  charts.load.data.datasets[0].data = waiting;
  charts.load.data.datasets[1].label = t("answeredCol");
  charts.load.data.datasets[1].data = answered;
  charts.level.data.labels = labels;
  charts.level.data.datasets[0].data = level;
  charts.load.update();
  charts.level.update();
}
