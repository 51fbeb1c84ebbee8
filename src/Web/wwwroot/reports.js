// Contact reports for supervisors and admins: a range of days by day or month, a table, a chart and the CSV.
// Figures come from the server already suppressed: a count "<5" (1 to 4), or "*" (held back so that no "<5" can be
// worked out from the total), is shown as it is and left out of the chart; such a period's averages, and the answer
// rate when an outcome count is hidden, come as null and show empty; an average with nothing to divide shows "—".
import { t, initLanguage, loadTopics, loadLines, lineName, topicName, getJson, showError, clearError, signInFromForm, signOut, responseError } from "./common.js";

// The supervisor page's token: a supervisor who follows the link is already signed in.
const TOKEN_KEY = "hotline.supervisorToken";
const $ = (id) => document.getElementById(id);

const state = { topics: [], actions: [], report: null };
let chart = null;

function query(format) {
  const params = new URLSearchParams({ from: $("report-from").value, to: $("report-to").value, groupBy: $("report-group-by").value, format });
  return `/api/reports/contacts?${params}`;
}

/** GETs with this tab's token; a refused token shows the sign-in form again; a refusal is thrown (responseError). */
async function get(url) {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}` } });
  if (response.status === 401 || response.status === 403) {
    sessionStorage.removeItem(TOKEN_KEY);
    $("report-panel").hidden = true;
    $("login-panel").hidden = false;
  }
  if (!response.ok) throw responseError(response, await response.json().catch(() => null));
  return response;
}

async function show(event) {
  event?.preventDefault();
  clearError();
  try {
    state.report = await (await get(query("json"))).json();
    render();
  } catch (error) {
    showError(error);
  }
}

async function download() {
  clearError();
  try {
    const response = await get(query("csv"));
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = url;
    link.download = `contacts-${$("report-from").value}-${$("report-to").value}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch (error) {
    showError(error);
  }
}

function valueName(dimension, value) {
  if (value === "none") return t("reportNone");
  switch (dimension) {
    case "channel": return t(`report${value[0].toUpperCase()}${value.slice(1)}`);
    case "topic": return topicName(state.topics, value);
    case "action": return topicName(state.actions, value);
    case "outcome": return t(value === "answered" ? "reportAnswered" : "reportAbandoned");
    default: return t(value);
  }
}

function dimensionName(dimension) {
  return t(`report${dimension[0].toUpperCase()}${dimension.slice(1)}`);
}

function table(id, headers, rows) {
  const head = document.createElement("tr");
  headers.forEach((header) => { const th = document.createElement("th"); th.textContent = t(header); head.append(th); });
  $(id).replaceChildren(head, ...rows.map((values) => {
    const row = document.createElement("tr");
    values.forEach((value) => { const td = document.createElement("td"); td.textContent = value; row.append(td); });
    return row;
  }));
}

const NOTHING_TO_DIVIDE = "—";
const share = (value) => `${Math.round(Number(value) * 1000) / 10}%`;

const HIDDEN = ["<5", "*"];

/** A period of 1–4 contacts shows no averages (its counts are "<5"); an average over nothing is "—". */
function average(period, value, format = (v) => v) {
  if (period.contacts === "<5") return "";
  return value === null ? NOTHING_TO_DIVIDE : format(value);
}

function render() {
  const report = state.report;
  if (!report) return;
  const periods = report.periods;
  $("report-empty").hidden = periods.some((p) => p.contacts !== "0");
  table("report-table", ["reportPeriod", "reportContacts", "reportAnswered", "reportAbandoned", "reportAnswerRate", "reportAsa", "reportAht", "reportRating", "reportHelped"],
    periods.map((p) => [p.period, p.contacts, p.by.outcome.answered, p.by.outcome.abandoned,
      Object.values(p.by.outcome).some((count) => HIDDEN.includes(count)) ? "" : average(p, p.answerRate, share), average(p, p.averageSecondsToAnswer), average(p, p.averageHandleSeconds), average(p, p.averageRating), average(p, p.shareHelped, share)]));
  table("report-breakdown", ["reportPeriod", "reportDimension", "reportValue", "reportContacts"],
    periods.flatMap((p) => Object.entries(p.by).flatMap(([dimension, values]) => Object.entries(values)
      .filter(([, count]) => count !== "0")
      .map(([value, count]) => [p.period, dimensionName(dimension), valueName(dimension, value), count]))));
  renderLines(report.lines ?? []);
  renderChart(periods);
}

/** The range's contacts by line: who answered them (the line itself, or a line above it as backup), and each line with those under it. */
function renderLines(lines) {
  // Held back (a hidden count would be given back by it) shows empty; nothing answered, "—".
  const rate = (line) => {
    if (line.inLineAnswerRate !== null) return share(line.inLineAnswerRate);
    return [line.answeredInLine, line.answeredByBackup].some((count) => HIDDEN.includes(count)) ? "" : NOTHING_TO_DIVIDE;
  };
  table("report-lines", ["reportLine", "reportContacts", "reportInLine", "reportByBackup", "reportAbandoned", "reportInLineRate", "reportAsa", "reportRolledUp"],
    lines.map((line) => [lineName(line.line), line.contacts, line.answeredInLine, line.answeredByBackup, line.abandoned, rate(line),
      line.contacts === "<5" ? "" : line.averageSecondsToAnswer ?? NOTHING_TO_DIVIDE,
      line.rolledUp ? t("reportRolledUpValue", { contacts: line.rolledUp.contacts, inLine: line.rolledUp.answeredInLine, byBackup: line.rolledUp.answeredByBackup, rate: rate(line.rolledUp) }) : ""]));
}

function renderChart(periods) {
  if (typeof Chart === "undefined") return;
  // A suppressed count is not a number; the chart leaves it out rather than guess.
  const plotted = (count) => (HIDDEN.includes(count) ? null : Number(count));
  const data = {
    labels: periods.map((p) => p.period),
    datasets: [
      { label: t("reportAnswered"), data: periods.map((p) => plotted(p.by.outcome.answered)) },
      { label: t("reportAbandoned"), data: periods.map((p) => plotted(p.by.outcome.abandoned)) },
    ],
  };
  chart?.destroy();
  chart = new Chart($("report-chart"), {
    type: "bar",
    data,
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
  });
}

function localDay(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

async function start() {
  $("login-panel").hidden = true;
  $("report-panel").hidden = false;
  await show();
}

$("sign-out").addEventListener("click", () => signOut(TOKEN_KEY));
$("login-panel").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (await signInFromForm(TOKEN_KEY)) await start();
});
$("report-form").addEventListener("submit", show);
$("report-download").addEventListener("click", download);
const today = new Date();
$("report-to").value = localDay(today);
$("report-from").value = localDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6));

initLanguage(render);

(async () => {
  [state.topics, state.actions] = await Promise.all([loadTopics(), getJson("/api/actions"), loadLines()]);
  if (sessionStorage.getItem(TOKEN_KEY)) await start();
  else $("login-panel").hidden = false;
})();
