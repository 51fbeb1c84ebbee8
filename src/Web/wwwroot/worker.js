// The worker's page: start or resume an anonymous chat, see the queue, talk, end, rate.
import { t, language, initLanguage, loadTopics, fillSelect, showError, clearError, MessageList } from "./common.js";

// The token lives in this tab only: closing the tab, or quick exit, forgets the conversation.
const TOKEN_KEY = "hotline.resumeToken";
const $ = (id) => document.getElementById(id);

const messages = new MessageList($("messages"));
const state = { topics: [], queue: null, status: null, counselorName: null };

const connection = new signalR.HubConnectionBuilder()
  .withUrl("/hubs/worker")
  .withAutomaticReconnect()
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
  state.status = "WrapUp";
  messages.notice(t("chatEnded"));
  showEnded(false);
});
// Anything missed while the network was down is fetched again from the conversation itself.
connection.onreconnected(() => resume(sessionStorage.getItem(TOKEN_KEY)));

function renderStatus() {
  const waiting = state.status === "Queued" || state.status === "Offered";
  $("queue-status").hidden = !waiting || !state.queue;
  if (waiting && state.queue) {
    const minutes = Math.max(1, Math.round(state.queue.estimatedWaitSeconds / 60));
    $("queue-status").textContent = t("waiting", { position: state.queue.position, minutes });
  }
}

function showChat() {
  $("start-panel").hidden = true;
  $("chat-panel").hidden = false;
}

function showEnded(surveySubmitted) {
  $("send-form").hidden = true;
  $("end-button").hidden = true;
  $("queue-status").hidden = true;
  $("survey").hidden = surveySubmitted;
  $("survey-thanks").hidden = !surveySubmitted;
}

async function start() {
  clearError();
  try {
    const firstMessage = $("first-message").value.trim() ? $("first-message").value : null;
    const started = await connection.invoke("StartChat", { topic: $("topic").value, language: language, firstMessage });
    sessionStorage.setItem(TOKEN_KEY, started.resumeToken);
    state.status = "Queued";
    state.queue = { position: started.position, estimatedWaitSeconds: started.estimatedWaitSeconds };
    if (firstMessage) messages.add({ seq: 1, sender: "worker", text: firstMessage });
    showChat();
    renderStatus();
  } catch (error) {
    showError(error);
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
    if (view.status === "Active" && view.counselorName && !$("messages").querySelector(".msg.system")) {
      messages.notice(t("counselorWith", { name: view.counselorName }));
    }
    if (["WrapUp", "Closed", "Abandoned"].includes(view.status)) showEnded(view.surveySubmitted);
    renderStatus();
    return true;
  } catch (error) {
    sessionStorage.removeItem(TOKEN_KEY);
    showError(t("resumeFailed"));
    return false;
  }
}

async function send(event) {
  event.preventDefault();
  clearError();
  const text = $("message-input").value;
  try {
    const { seq } = await connection.invoke("SendMessage", text);
    messages.add({ seq, sender: "worker", text });
    $("message-input").value = "";
  } catch (error) {
    showError(error);
  }
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
$("start-button").addEventListener("click", start);
$("send-form").addEventListener("submit", send);
$("end-button").addEventListener("click", () => connection.invoke("EndChat").catch(showError));
$("survey").addEventListener("submit", submitSurvey);
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
  if (!(await resume(sessionStorage.getItem(TOKEN_KEY)))) $("start-panel").hidden = false;
})();
