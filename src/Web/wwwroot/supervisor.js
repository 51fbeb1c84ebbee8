// The supervisor's view: alerts first, live figures, charts of the last 24 h, and stepping into a conversation.
import { t, initLanguage, loadTopics, topicName, showError, clearError, signInFromForm, staffFetch, followUpLine, isRefusal, button } from "./common.js";
import { staffConnection, startStaffConnection, watchConnection, signOut } from "./connection.js";
import { Feed, Outbox, renderFeed } from "./feed.js";

const TOKEN_KEY = "hotline.supervisorToken";
const $ = (id) => document.getElementById(id);

// How often the monitored conversation is asked for anything after its last message: finds a lost last message.
const HEAD_CHECK_MS = 10_000;
const state = { topics: [], stats: null, alerts: new Map(), monitored: null, onShift: [] };
let connection = null;
// The monitored conversation's feed, and what the supervisor wrote in it after joining.
let feed = new Feed();
let outbox = null;
let charts = null;

async function login(event) {
  event.preventDefault();
  if (await signInFromForm(TOKEN_KEY)) await connect();
}

async function connect() {
  connection = staffConnection("/hubs/supervisor", TOKEN_KEY);
  connection.on("StatsUpdated", (stats) => { state.stats = stats; renderStats(); });
  connection.on("AlertRaised", (alert) => { state.alerts.set(alert.alertId, alert); renderAlerts(); });
  connection.on("AlertAcknowledged", (alert) => { state.alerts.delete(alert.alertId); renderAlerts(); });
  // This page's web node may have missed events (its Redis subscription came back): check now.
  connection.on("CatchUp", () => repair());
  connection.on("MessageReceived", (message) => {
    if (message.conversationId !== state.monitored || !feed.add(message)) return;
    render();
    if (feed.hasGap) repair();
  });
  connection.on("WhisperReceived", (whisper) => {
    if (whisper.conversationId !== state.monitored) return;
    feed.note(`${whisper.supervisorName}: ${whisper.text}`, "whisper");
    render();
  });
  outbox = new Outbox({
    connection,
    feed,
    sender: "supervisor",
    send: (entry) => connection.invoke("SendMessage", state.monitored, entry.text, entry.clientMessageId),
    changed: render,
  });
  // Back from a network blip: the figures, and the conversation watched, again (the group is per connection).
  watchConnection(connection, {
    onBack: async () => {
      await refresh();
      if (state.monitored) await monitor(state.monitored);
      await outbox.flush();
    },
    onRefused: (error) => signOut(TOKEN_KEY, error),
  });
  if (await startStaffConnection(connection, TOKEN_KEY, "board")) await refresh();
  setInterval(repair, HEAD_CHECK_MS);
}

function render() {
  if (outbox) renderFeed($("monitor-messages"), feed, outbox);
}

/** Fetches what the page lacks of the monitored conversation. */
async function repair() {
  const conversationId = state.monitored;
  if (!conversationId || connection.state !== signalR.HubConnectionState.Connected) return;
  try {
    await feed.repair((afterSeq) => connection.invoke("GetMessagesAfter", conversationId, afterSeq));
    render();
  } catch (error) {
    if (isRefusal(error)) showError(error);
  }
}

async function refresh() {
  try {
    state.stats = await connection.invoke("GetStats");
    for (const alert of await connection.invoke("GetOpenAlerts")) state.alerts.set(alert.alertId, alert);
    renderStats();
    renderAlerts();
    await loadOnShift();
    const audit = await connection.invoke("GetAuditLog", 100);
    $("audit-state").textContent = audit.intact ? t("auditIntact", { total: audit.total }) : t("auditBroken", { index: audit.firstBroken });
    $("audit-state").className = audit.intact ? "" : "error";
    table("audit", ["whenCol", "whoCol", "actionCol", "subjectCol"], audit.entries.map(({ entry }) =>
      [new Date(entry.at).toLocaleString(), entry.actor, entry.action, entry.subject ?? entry.conversationId.slice(0, 8)]));
    await loadCannedReplies();
    const tasks = await connection.invoke("GetFollowUps");
    $("follow-ups").replaceChildren(...tasks.map((task) => {
      const item = document.createElement("li");
      item.textContent = `${followUpLine(task)} · ${task.counselorId}`;
      return item;
    }));
  } catch (error) {
    showError(error);
  }
}

function cell(row, text, tag = "td") {
  const element = document.createElement(tag);
  element.textContent = String(text);
  row.append(element);
  return element;
}

function table(id, headers, rows) {
  const head = document.createElement("tr");
  headers.forEach((header) => cell(head, t(header), "th"));
  $(id).replaceChildren(head, ...rows.map((values) => {
    const row = document.createElement("tr");
    values.forEach((value) => (value instanceof Node ? row.append(value) : cell(row, value)));
    return row;
  }));
}

function renderAlerts() {
  const alerts = [...state.alerts.values()].sort((a, b) => Number(b.urgent) - Number(a.urgent) || a.raisedAt.localeCompare(b.raisedAt));
  $("alerts").replaceChildren(...alerts.map((alert) => {
    const item = document.createElement("li");
    item.className = alert.urgent ? "alert urgent" : "alert";
    item.dataset.conversationId = alert.conversationId;
    const text = document.createElement("span");
    text.textContent = `${alert.urgent ? t("urgent") + " · " : ""}${t(alert.riskLevel)} · ${alert.reason} · ${alert.conversationId.slice(0, 8)}`;
    item.append(text,
      button(t("acknowledge"), "ack-alert primary", () => connection.invoke("AcknowledgeAlert", alert.alertId).catch(showError)),
      button(t("monitor"), "monitor", () => monitor(alert.conversationId)));
    return item;
  }));
}

// null: nothing to divide yet (no contact today), which is neither 100% nor 0.
const nothingYet = "—";

function percent(value) {
  return value === null ? nothingYet : `${Math.round(value * 1000) / 10}%`;
}

function seconds(value) {
  return value === null ? nothingYet : t("secondsValue", { value: Math.round(value) });
}

function renderStats() {
  const stats = state.stats;
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
    stats.queues.map((q) => [q.queue, q.waiting, q.longestWaitSeconds, q.offered, q.answeredToday, q.abandonedToday]));
  table("counselors", ["counselorsCol", "presenceCol", "loadCol"],
    stats.counselors.map((c) => [c.displayName, t(c.presence === "Busy" ? "active" : c.presence), `${c.held}/${c.cap}`]));
  renderOnShiftOffline();
  table("active", ["topicLabel", "risk", "durationCol", "counselorsCol", "monitor"],
    stats.activeConversations.map((a) => [topicName(state.topics, a.topic), t(a.riskLevel), a.durationSeconds, a.counselorName ?? "",
      button(t("monitor"), "monitor", () => monitor(a.conversationId))]));
  renderCharts(stats.history);
}

// Who is on shift comes from the rota, and presence from the live figures; refreshed each minute, as shifts change by the minute.
async function loadOnShift() {
  try {
    state.onShift = await staffFetch("/api/rota/now", TOKEN_KEY);
  } catch (error) {
    showError(error);
  }
  renderOnShiftOffline();
}

function renderOnShiftOffline() {
  const counselors = new Map((state.stats?.counselors ?? []).map((c) => [c.counselorId, c]));
  // A counsellor who never connected since the start has no live figures: offline too.
  const missing = state.onShift.filter((shift) => (counselors.get(shift.counselorId)?.presence ?? "Offline") === "Offline");
  const items = missing.map((shift) => {
    const item = document.createElement("li");
    item.dataset.counselorId = shift.counselorId;
    item.textContent = `${counselors.get(shift.counselorId)?.displayName ?? shift.counselorId} · ${shift.start}–${shift.end}`;
    return item;
  });
  if (items.length === 0) {
    const none = document.createElement("li");
    none.className = "none";
    none.textContent = t("nobodyMissing");
    items.push(none);
  }
  $("on-shift-offline").replaceChildren(...items);
}

function renderCharts(history) {
  if (typeof Chart === "undefined") return;
  const labels = history.map((bucket) => new Date(bucket.start).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
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
  charts.load.data.datasets[0].data = waiting;
  charts.load.data.datasets[1].data = answered;
  charts.level.data.labels = labels;
  charts.level.data.datasets[0].data = level;
  charts.load.update();
  charts.level.update();
}

async function monitor(conversationId) {
  clearError();
  try {
    const view = await connection.invoke("MonitorConversation", conversationId);
    // Watching the same one again (after a reconnect) keeps what is shown and what waits to be sent.
    if (state.monitored !== conversationId) {
      feed = outbox.feed = new Feed();
      $("supervisor-form").hidden = true;
    }
    state.monitored = conversationId;
    view.messages.forEach((message) => feed.add(message));
    render();
    $("monitor-title").textContent = `${topicName(state.topics, view.topic)} · ${t(view.riskLevel)} · ${view.counselorName ?? ""}`;
    $("monitor").hidden = false;
    await repair();
  } catch (error) {
    showError(error);
  }
}

// Canned replies, as counsellors will see them; a supervisor edits one by loading it into the form.
async function loadCannedReplies() {
  const replies = await staffFetch("/api/canned-replies", TOKEN_KEY);
  $("canned-replies").replaceChildren(...replies.map((reply) => {
    const item = document.createElement("li");
    const title = document.createElement("span");
    title.textContent = `${reply.id} · ${reply.titleZh} / ${reply.titleEn}`;
    item.append(title,
      button(t("cannedEdit"), "edit-canned", () => {
        $("canned-id").value = reply.id;
        $("canned-title-zh").value = reply.titleZh;
        $("canned-text-zh").value = reply.textZh;
        $("canned-title-en").value = reply.titleEn;
        $("canned-text-en").value = reply.textEn;
        $("canned-title-zh").focus();
      }),
      button(t("cannedDelete"), "delete-canned", async () => {
        clearError();
        try {
          await staffFetch(`/api/canned-replies/${encodeURIComponent(reply.id)}`, TOKEN_KEY, { method: "DELETE" });
          await loadCannedReplies();
        } catch (error) {
          showError(error);
        }
      }));
    return item;
  }));
}

function onSubmit(id, action) {
  $(id).addEventListener("submit", async (event) => {
    event.preventDefault();
    clearError();
    try {
      await action();
      $(id).reset();
    } catch (error) {
      showError(error);
    }
  });
}

$("login-panel").addEventListener("submit", login);
onSubmit("whisper-form", async () => {
  const text = $("whisper-input").value;
  await connection.invoke("Whisper", state.monitored, text);
  feed.note(`→ ${text}`, "whisper");
  render();
});
// Shown at once as "sending", like the counsellor's and the worker's.
onSubmit("supervisor-form", async () => {
  if ($("supervisor-input").value.trim()) outbox.add($("supervisor-input").value);
});
onSubmit("canned-form", async () => {
  await staffFetch(`/api/canned-replies/${encodeURIComponent($("canned-id").value.trim())}`, TOKEN_KEY, {
    method: "PUT",
    body: JSON.stringify({ titleZh: $("canned-title-zh").value, titleEn: $("canned-title-en").value, textZh: $("canned-text-zh").value, textEn: $("canned-text-en").value }),
  });
  await loadCannedReplies();
});
onSubmit("reassign-form", () => connection.invoke("Reassign", state.monitored, $("reassign-counselor").value));
$("join-button").addEventListener("click", async () => {
  try {
    await connection.invoke("JoinConversation", state.monitored);
    $("supervisor-form").hidden = false;
  } catch (error) {
    showError(error);
  }
});

initLanguage(() => { renderStats(); renderAlerts(); render(); });

(async () => {
  state.topics = await loadTopics();
  if (sessionStorage.getItem(TOKEN_KEY)) await connect();
  else $("login-panel").hidden = false;
  setInterval(() => { if (connection) loadOnShift(); }, 60_000);
})();
