// The monitor: one conversation's live transcript beside the alerts, its risk and status kept current by the
// events (RiskChanged, ConversationEnded), with whisper, join and reassign.
import { t, topicName, showError, clearError, isRefusal } from "../common.js";
import { Feed, Outbox, renderFeed } from "../feed.js";
import { onCatchUp } from "../connection.js";
import { store, watch, changed, $ } from "./store.js";
import { statusName, endReasonName } from "./names.js";

// How often the monitored conversation is asked for anything after its last message: finds a lost last message.
const HEAD_CHECK_MS = 10_000;
const RISK_ORDER = { R4: 4, R3: 3, R2: 2, R1: 1 };

let feed = new Feed();
let outbox = null;

export function initMonitor(connection) {
  connection.on("MessageReceived", (message) => {
    if (message.conversationId !== store.monitored?.conversationId || !feed.add(message)) return;
    renderMessages();
    if (feed.hasGap) repair();
  });
  connection.on("WhisperReceived", (whisper) => {
    if (whisper.conversationId !== store.monitored?.conversationId) return;
    feed.note(`${whisper.supervisorName}: ${whisper.text}`, "whisper");
    renderMessages();
  });
  connection.on("RiskChanged", ({ conversationId, riskLevel }) => raiseRisk(conversationId, riskLevel));
  // A raise the conversation sent no RiskChanged for (the wrap-up's assessment) still shows.
  connection.on("AlertRaised", ({ conversationId, riskLevel }) => raiseRisk(conversationId, riskLevel));
  connection.on("ConversationEnded", ({ conversationId, reason }) => {
    if (conversationId !== store.monitored?.conversationId) return;
    store.monitored = { ...store.monitored, status: "WrapUp", endReason: reason };
    changed("monitored");
  });
  // This page's web node may have missed events (its Redis subscription came back): check soon.
  onCatchUp(connection, repair);
  outbox = new Outbox({
    connection,
    feed,
    sender: "supervisor",
    send: (entry) => connection.invoke("SendMessage", store.monitored.conversationId, entry.text, entry.clientMessageId),
    changed: renderMessages,
  });
  watch(["monitored"], renderHeading);
  onSubmit("whisper-form", async () => {
    const text = $("whisper-input").value;
    await connection.invoke("Whisper", store.monitored.conversationId, text);
    feed.note(`→ ${text}`, "whisper");
    renderMessages();
  });
  // Shown at once as "sending", like the counsellor's and the worker's.
  onSubmit("supervisor-form", async () => {
    if ($("supervisor-input").value.trim()) outbox.add($("supervisor-input").value);
  });
  onSubmit("reassign-form", () => connection.invoke("Reassign", store.monitored.conversationId, $("reassign-counselor").value));
  $("join-button").addEventListener("click", async () => {
    clearError($("monitor-error"));
    try {
      await connection.invoke("JoinConversation", store.monitored.conversationId);
      $("supervisor-form").hidden = false;
    } catch (error) {
      showError(error, $("monitor-error"));
    }
  });
  $("monitor-close").addEventListener("click", closeMonitor);
  setInterval(repair, HEAD_CHECK_MS);
}

/** Watches <conversationId> (again, after a reconnect: what is shown and what waits to be sent stay). */
export async function openMonitor(conversationId) {
  clearError($("monitor-error"));
  try {
    const view = await store.connection.invoke("MonitorConversation", conversationId);
    if (store.monitored?.conversationId !== conversationId) {
      feed = outbox.feed = new Feed();
      $("supervisor-form").hidden = true;
    }
    const risk = store.monitored?.conversationId === conversationId && higher(store.monitored.riskLevel, view.riskLevel) ? store.monitored.riskLevel : view.riskLevel;
    store.monitored = { conversationId, topic: view.topic, riskLevel: risk, status: view.status, counselorName: view.counselorName, endReason: null };
    view.messages.forEach((message) => feed.add(message));
    renderMessages();
    $("monitor").hidden = false;
    $("monitor-empty").hidden = true;
    changed("monitored");
    $("monitor").scrollIntoView({ block: "nearest" });
    await repair();
  } catch (error) {
    showError(error, $("monitor-error"));
  }
}

export async function monitorAgain() {
  if (store.monitored) await openMonitor(store.monitored.conversationId);
  await outbox.flush();
}

async function closeMonitor() {
  store.monitored = null;
  $("monitor").hidden = true;
  $("monitor-empty").hidden = false;
  changed("monitored");
  try {
    await store.connection.invoke("StopMonitoring");
  } catch (error) {
    showError(error, $("monitor-error"));
  }
}

function higher(a, b) {
  return (RISK_ORDER[a] ?? 0) > (RISK_ORDER[b] ?? 0);
}

function raiseRisk(conversationId, riskLevel) {
  if (conversationId !== store.monitored?.conversationId || !higher(riskLevel, store.monitored.riskLevel)) return;
  store.monitored = { ...store.monitored, riskLevel };
  changed("monitored");
}

function renderHeading() {
  const watched = store.monitored;
  if (!watched) return;
  $("monitor-title").textContent = t("monitorTitle", { topic: topicName(store.topics, watched.topic) || t("noTopic"), risk: t(watched.riskLevel) });
  $("monitor").className = `monitor chat risk-${watched.riskLevel}`;
  $("monitor").dataset.riskLevel = watched.riskLevel;
  const live = store.stats?.activeConversations.find((a) => a.conversationId === watched.conversationId);
  const holder = watched.counselorName ?? live?.counselorName;
  $("monitor-status").textContent = [
    watched.endReason ? t("monitorEnded", { reason: endReasonName(watched.endReason) }) : statusName(watched.status),
    holder ?? t("inTheQueue"),
  ].join(" · ");
}

function renderMessages() {
  if (outbox) renderFeed($("monitor-messages"), feed, outbox);
}

/** Fetches what the page lacks of the monitored conversation. */
async function repair() {
  const conversationId = store.monitored?.conversationId;
  if (!conversationId || store.connection.state !== signalR.HubConnectionState.Connected) return;
  try {
    const tail = await feed.repair((afterSeq) => store.connection.invoke("GetMessagesAfter", conversationId, afterSeq));
    renderMessages();
    if (tail?.endReason && !store.monitored.endReason && store.monitored.conversationId === conversationId) {
      store.monitored = { ...store.monitored, status: tail.status, endReason: tail.endReason };
      changed("monitored");
    }
  } catch (error) {
    if (isRefusal(error)) showError(error, $("monitor-error"));
  }
}

function onSubmit(id, action) {
  $(id).addEventListener("submit", async (event) => {
    event.preventDefault();
    clearError($("monitor-error"));
    try {
      await action();
      $(id).reset();
    } catch (error) {
      showError(error, $("monitor-error"));
    }
  });
}
