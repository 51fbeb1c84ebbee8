// Open alerts, first on the console: one line per conversation, highest risk then newest on top, each with who holds
// it, when, which queue and the worker's words that raised it. One click opens the monitor beside the line.
import { t, button, showError, queueName, lineName, clockTime } from "../common.js";
import { store, watch, changed, $ } from "./store.js";
import { alertReason } from "./names.js";
import { alertArrived, alertsSeen } from "./attention.js";
import { openMonitor } from "./monitor.js";

const RISK_ORDER = { R4: 4, R3: 3, R2: 2, R1: 1 };
const riskOf = (level) => RISK_ORDER[level] ?? 0;

export function initAlerts(connection) {
  connection.on("AlertRaised", (alert) => {
    const known = store.alerts.get(alert.alertId);
    store.alerts.set(alert.alertId, alert);
    // New, or escalated again: the supervisor must hear of it.
    if (!known || alert.escalations > known.escalations) alertArrived(alert.alertId);
    changed("alerts");
  });
  connection.on("AlertAcknowledged", (alert) => {
    store.alerts.delete(alert.alertId);
    alertsSeen([alert.alertId]);
    changed("alerts");
  });
  watch(["alerts", "monitored"], renderAlerts);
}

/** All open alerts, in place of what the page held: after a reconnect, those acknowledged meanwhile are gone. */
export async function loadAlerts(connection) {
  const open = await connection.invoke("GetOpenAlerts");
  alertsSeen([...store.alerts.keys()].filter((id) => !open.some((alert) => alert.alertId === id)));
  store.alerts = new Map(open.map((alert) => [alert.alertId, alert]));
  changed("alerts");
}

/**
 * The open alerts as lines, one per conversation: its highest risk, its newest alert (who holds it, which queue and
 * why, as of then), and the newest words that triggered one. The same order as the server's GetOpenAlerts.
 */
export function alertLines(alerts) {
  const lines = new Map();
  for (const alert of alerts) {
    const line = lines.get(alert.conversationId) ?? { conversationId: alert.conversationId, alerts: [] };
    line.alerts.push(alert);
    lines.set(alert.conversationId, line);
  }
  return [...lines.values()].map((line) => {
    const newestFirst = line.alerts.sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
    const newest = newestFirst[0];
    return {
      ...line,
      newest,
      riskLevel: newestFirst.reduce((top, a) => (riskOf(a.riskLevel) > riskOf(top) ? a.riskLevel : top), newest.riskLevel),
      urgent: newestFirst.some((a) => a.urgent),
      trigger: newestFirst.find((a) => a.trigger)?.trigger ?? null,
    };
  }).sort((a, b) => riskOf(b.riskLevel) - riskOf(a.riskLevel) || b.newest.raisedAt.localeCompare(a.newest.raisedAt));
}

function renderAlerts() {
  const lines = alertLines(store.alerts.values());
  const items = lines.map(alertItem);
  if (items.length === 0) {
    const none = document.createElement("li");
    none.className = "none";
    none.textContent = t("noAlerts");
    items.push(none);
  }
  $("alerts").replaceChildren(...items);
}

function alertItem(line) {
  const { newest } = line;
  const item = document.createElement("li");
  item.className = `alert risk-${line.riskLevel}${line.urgent ? " urgent" : ""}`;
  item.dataset.conversationId = line.conversationId;
  item.dataset.riskLevel = line.riskLevel;
  if (store.monitored?.conversationId === line.conversationId) item.setAttribute("aria-current", "true");

  const heading = document.createElement("p");
  heading.className = "alert-heading";
  const risk = span("alert-risk", t(line.riskLevel));
  heading.append(risk);
  if (line.urgent) heading.append(span("alert-urgent", t("urgentFor", { times: Math.max(...line.alerts.map((a) => a.escalations)) })));
  heading.append(span("alert-reason", alertReason(newest)));

  const facts = document.createElement("p");
  facts.className = "alert-facts";
  facts.append(
    span("alert-line", lineName(newest.line ?? "")),
    span("alert-counselor", newest.counselorName ?? t("inTheQueue")),
    span("alert-queue", queueName(newest.queueName)),
    time(newest.raisedAt));
  item.append(heading, facts);

  if (line.trigger) {
    const words = document.createElement("blockquote");
    words.className = "alert-excerpt";
    words.textContent = line.trigger.excerpt;
    item.append(words);
  }

  const ids = line.alerts.map((a) => a.alertId);
  const error = document.createElement("p");
  error.className = "alert-error error";
  error.setAttribute("role", "alert");
  const actions = document.createElement("p");
  actions.className = "alert-actions";
  actions.append(
    button(t("openMonitor"), "monitor primary", () => { alertsSeen(ids); openMonitor(line.conversationId); }),
    button(t("acknowledge"), "ack-alert", () => acknowledge(ids, error)));
  item.append(actions, error);
  return item;
}

/** Acknowledges every open alert of the line: the supervisor has seen the conversation, not one message of it. */
async function acknowledge(ids, where) {
  alertsSeen(ids);
  try {
    await Promise.all(ids.map((id) => store.connection.invoke("AcknowledgeAlert", id)));
  } catch (error) {
    showError(error, where);
  }
}

function span(className, text) {
  const element = document.createElement("span");
  element.className = className;
  element.textContent = text;
  return element;
}

function time(iso) {
  const element = document.createElement("time");
  element.className = "alert-time";
  element.dateTime = iso;
  element.textContent = clockTime(iso);
  return element;
}
