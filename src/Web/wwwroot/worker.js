// The worker's page: start or resume an anonymous chat, see the queue, talk, end, rate.
import { t, language, initLanguage, loadTopics, fillSelect, showError, clearError, isRefusal, MessageList } from "./common.js";

// The token lives in this tab only: closing the tab, or quick exit, forgets the conversation.
const TOKEN_KEY = "hotline.resumeToken";
const $ = (id) => document.getElementById(id);

const messages = new MessageList($("messages"));
const WAITING = ["Queued", "Offered"];
const ENDED = ["WrapUp", "Closed", "Abandoned"];
// joinedShown/endedShown: the page's own notices are written once, however often a reconnect resumes.
const state = { topics: [], queue: null, status: null, counselorName: null, joinedShown: false, endedShown: false };
// Messages written while the connection was down, oldest first.
const outbox = [];

const connection = new signalR.HubConnectionBuilder()
  .withUrl("/hubs/worker")
  // A worker on a weak mobile network keeps trying for as long as the page is open, at most 10 s apart.
  .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ({ previousRetryCount }) => Math.min(10000, 1000 * 2 ** previousRetryCount) })
  .build();

connection.on("QueueUpdated", (queue) => {
  state.queue = queue;
  // Also after a transfer or a counsellor's disconnection: the conversation is waiting again.
  state.status = "Queued";
  renderStatus();
});
connection.on("CounselorJoined", ({ displayName }) => {
  state.status = "Active";
  state.counselorName = displayName;
  state.joinedShown = true;
  messages.notice(t("counselorJoined", { name: displayName }));
  renderStatus();
});
connection.on("MessageReceived", (message) => {
  messages.add(message);
  if (message.sender === "counselor" && state.status !== "Active") {
    state.status = "Active";
    renderStatus();
  }
});
connection.on("ChatEnded", () => {
  // Ended before anyone answered, the conversation is abandoned: there is nothing to rate (the server refuses it).
  state.status = WAITING.includes(state.status) ? "Abandoned" : "WrapUp";
  showEnded(false);
});
// Anything missed while the network was down is fetched again from the conversation itself.
connection.onreconnecting(() => showError(t("reconnecting")));
connection.onreconnected(async () => {
  clearError();
  await resume(sessionStorage.getItem(TOKEN_KEY));
  await sendWaiting();
});
connection.onclose(() => showError(t("connectionLost")));

function renderStatus() {
  const waiting = WAITING.includes(state.status);
  $("queue-status").hidden = !waiting;
  if (!waiting) return;
  // After a reload the position is not known until the queue next moves; say we are waiting meanwhile.
  if (state.queue) {
    const minutes = Math.max(1, Math.round(state.queue.estimatedWaitSeconds / 60));
    $("queue-status").textContent = t("waiting", { position: state.queue.position, minutes });
  } else {
    $("queue-status").textContent = t("waitingNoPosition");
  }
}

function showStart() {
  messages.clear();
  Object.assign(state, { queue: null, status: null, counselorName: null, joinedShown: false, endedShown: false });
  $("message-input").disabled = false;
  $("send-button").disabled = false;
  for (const id of ["survey", "survey-thanks", "new-chat"]) $(id).hidden = true;
  $("end-button").hidden = false;
  $("chat-panel").hidden = true;
  $("start-panel").hidden = false;
}

function showChat() {
  $("start-panel").hidden = true;
  $("chat-panel").hidden = false;
}

function showEnded(surveySubmitted) {
  if (!state.endedShown) messages.notice(t("chatEnded"));
  state.endedShown = true;
  $("message-input").disabled = true;
  $("send-button").disabled = true;
  $("end-button").hidden = true;
  $("queue-status").hidden = true;
  const canRate = state.status !== "Abandoned";
  $("survey").hidden = !canRate || surveySubmitted;
  $("survey-thanks").hidden = !canRate || !surveySubmitted;
  $("new-chat").hidden = false;
}

// A tab holds one conversation: a new one needs a fresh connection, so forget the old token and load the page again.
function newChat() {
  sessionStorage.removeItem(TOKEN_KEY);
  location.reload();
}

async function start() {
  clearError();
  // One conversation per tab: a second click while the first is on its way would be refused anyway.
  $("start-button").disabled = true;
  try {
    const firstMessage = $("first-message").value.trim() ? $("first-message").value : null;
    const started = await connection.invoke("StartChat", { topic: $("topic").value || null, language, firstMessage });
    sessionStorage.setItem(TOKEN_KEY, started.resumeToken);
    state.status = "Queued";
    state.queue = { position: started.position, estimatedWaitSeconds: started.estimatedWaitSeconds };
    // The first message is the conversation's first entry (seq 1); the server does not echo it back.
    if (firstMessage) messages.add({ seq: 1, sender: "worker", text: firstMessage });
    showChat();
    renderStatus();
  } catch (error) {
    showError(error);
  } finally {
    $("start-button").disabled = false;
  }
}

async function resume(token) {
  if (!token) return false;
  try {
    const view = await connection.invoke("ResumeChat", token);
    state.status = view.status;
    state.counselorName = view.counselorName;
    view.messages.forEach((message) => messages.add(message));
    showChat();
    if (view.status === "Active" && view.counselorName && !state.joinedShown) {
      state.joinedShown = true;
      messages.notice(t("counselorWith", { name: view.counselorName }));
    }
    if (ENDED.includes(view.status)) showEnded(view.surveySubmitted);
    renderStatus();
    return true;
  } catch (error) {
    // Only a refusal means the token is no good; a network failure keeps it for the next reconnect.
    if (!isRefusal(error)) {
      showError(error);
      return false;
    }
    sessionStorage.removeItem(TOKEN_KEY);
    showStart();
    showError(t("resumeFailed"));
    return false;
  }
}

async function send(event) {
  event.preventDefault();
  clearError();
  const text = $("message-input").value;
  if (!text.trim()) return;
  $("message-input").value = "";
  // Offline, a message waits here and goes, in order, once the connection is back: nothing written is lost.
  if (connection.state !== signalR.HubConnectionState.Connected || outbox.length > 0) {
    outbox.push(text);
    renderOutbox();
    return;
  }
  try {
    const { seq } = await connection.invoke("SendMessage", text);
    messages.add({ seq, sender: "worker", text });
  } catch (error) {
    // Whether it arrived is not known: it goes back into the box for the worker to send again, never twice on its own.
    $("message-input").value = text;
    showError(error);
  }
}

async function sendWaiting() {
  while (outbox.length > 0 && connection.state === signalR.HubConnectionState.Connected) {
    try {
      const { seq } = await connection.invoke("SendMessage", outbox[0]);
      messages.add({ seq, sender: "worker", text: outbox[0] });
      outbox.shift();
    } catch (error) {
      showError(error);
      break;
    }
  }
  renderOutbox();
}

function renderOutbox() {
  $("outbox").hidden = outbox.length === 0;
  $("outbox").textContent = outbox.length ? t("waitingToSend", { count: outbox.length }) : "";
}

async function submitSurvey(event) {
  event.preventDefault();
  clearError();
  const rating = Number(new FormData($("survey")).get("rating"));
  const helped = new FormData($("survey")).get("helped");
  try {
    await connection.invoke("SubmitSurvey", { rating, helped: helped ? helped === "yes" : null, comment: $("survey-comment").value || null });
    showEnded(true);
  } catch (error) {
    showError(error);
  }
}

function quickExit() {
  sessionStorage.removeItem(TOKEN_KEY);
  // Leave at once, without a history entry to come back to; ending the chat is best effort.
  connection.invoke("EndChat").catch(() => {});
  location.replace("https://www.weather.com.cn/");
}

$("quick-exit").addEventListener("click", quickExit);
// Esc leaves as the button does, from anywhere on the page: someone may walk in.
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") quickExit();
});
$("start-button").addEventListener("click", start);
$("send-form").addEventListener("submit", send);
$("end-button").addEventListener("click", () => connection.invoke("EndChat").catch(showError));
$("survey").addEventListener("submit", submitSurvey);
$("new-chat").addEventListener("click", newChat);
// The counsellor sees that an answer is coming; at most one hint every few seconds.
let lastTypingHint = 0;
$("message-input").addEventListener("input", () => {
  if (state.status !== "Active" || Date.now() - lastTypingHint < 3000) return;
  lastTypingHint = Date.now();
  connection.invoke("Typing").catch(() => {});
});
$("message-input").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) $("send-form").requestSubmit();
});

initLanguage(() => {
  fillSelect($("topic"), state.topics, (topic) => topic[language]);
  renderStatus();
});

(async () => {
  state.topics = await loadTopics();
  fillSelect($("topic"), state.topics, (topic) => topic[language]);
  try {
    await connection.start();
  } catch (error) {
    showError(error);
    return;
  }
  if (!(await resume(sessionStorage.getItem(TOKEN_KEY)))) showStart();
})();
