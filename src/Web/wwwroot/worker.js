// The worker's page: start or resume an anonymous chat, see the queue, talk, end, rate.
import { t, language, initLanguage, getJson, fillSelect, showError, clearError, isRefusal, refusalOf } from "./common.js";
import { hubConnection, startConnection, watchConnection, onCatchUp } from "./connection.js";
import { Feed, Outbox, renderFeed } from "./feed.js";
import { renderOtherHelp } from "./chat/help.js";
import { limits, loadLimits, countAsTyped, fits } from "./chat/composer.js";
import { leaveNow, leftInHurry, forgetHurry, leaveOnEscape } from "./chat/quick-exit.js";
import { typingIndicator } from "./chat/typing.js";
import { solve } from "./chat/challenge.js";
import { deviceKey, rememberDeviceChoice } from "./chat/device.js";
import { showNotice, consentVersion } from "./chat/notice.js";
import { showLine, chosenLine } from "./chat/line.js";

// The token lives in this tab only: closing the tab forgets the conversation; quick exit keeps it on the device a
// short while (chat/quick-exit.js).
const TOKEN_KEY = "hotline.resumeToken";
const $ = (id) => document.getElementById(id);

const WAITING = ["Queued", "Offered"];
const ENDED = ["WrapUp", "Closed", "Abandoned"];
// How often a page that holds a conversation asks for anything after its last message: finds a lost last message.
const HEAD_CHECK_MS = 10_000;
// joinedShown/endedShown: the page's own notices are written once, however often a reconnect resumes.
const state = { topics: [], queue: null, status: null, counselorName: null, joinedShown: false, endedShown: false };

// A worker on a weak mobile network keeps trying for as long as the page is open.
const connection = hubConnection("/hubs/worker");
let feed = new Feed();
const outbox = new Outbox({
  connection,
  feed,
  sender: "worker",
  send: (entry) => connection.invoke("SendMessage", entry.text, entry.clientMessageId),
  changed: render,
});

const typing = typingIndicator($("typing"));

function render() {
  renderFeed($("messages"), feed, outbox, { times: true });
}

// After a reload or a resume the transcript opens at its newest message, not its first.
function scrollToNewest() {
  $("messages").scrollTop = $("messages").scrollHeight;
}

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
  feed.note(() => t("counselorJoined", { name: displayName }));
  render();
  renderStatus();
});
// This page's web node may have missed events (its Redis subscription came back): check soon, not at the next period.
onCatchUp(connection, repair);
connection.on("CounselorTyping", () => typing.show());
connection.on("MessageReceived", (message) => {
  if (message.sender === "counselor") typing.hide();
  if (!feed.add(message)) return;
  render();
  if (feed.hasGap) repair();
  if (message.sender === "counselor" && state.status !== "Active") {
    state.status = "Active";
    renderStatus();
  }
});
connection.on("ChatEnded", () => {
  // Ended before anyone answered, the conversation is abandoned: there is nothing to rate (the server refuses it).
  state.status = WAITING.includes(state.status) ? "Abandoned" : "WrapUp";
  typing.hide();
  showEnded(false);
});
// Back from a network blip: the conversation again (its group, and what happened meanwhile), then what waits to go.
watchConnection(connection, {
  onBack: async () => {
    if (await resume(sessionStorage.getItem(TOKEN_KEY))) await outbox.flush();
  },
});

/** Fetches what the page lacks of its conversation, and learns its status (a missed ChatEnded, say) on the way. */
async function repair() {
  if (!state.status || connection.state !== signalR.HubConnectionState.Connected) return;
  try {
    const tail = await feed.repair((afterSeq) => connection.invoke("GetMessagesAfter", afterSeq));
    render();
    showStatus(tail.status, tail.counselorName, false);
  } catch (error) {
    // Offline meanwhile: the reconnect repairs. A refusal is the server's own words.
    if (isRefusal(error)) showError(error);
  }
}

/** What the conversation's status means for the page: waiting, with a counsellor, or over. */
function showStatus(status, counselorName, surveySubmitted) {
  if (WAITING.includes(state.status) && WAITING.includes(status)) return renderStatus();
  if (ENDED.includes(state.status) && ENDED.includes(status)) return;
  state.status = status;
  state.counselorName = counselorName;
  if (status === "Active" && counselorName && !state.joinedShown) {
    state.joinedShown = true;
    feed.note(() => t("counselorWith", { name: counselorName }));
    render();
  }
  if (ENDED.includes(status)) showEnded(surveySubmitted);
  renderStatus();
}

// Up to this, the wait is "a few minutes"; beyond it, minutes rounded up to the next step: an estimate, not a promise.
const FEW_MINUTES_SECONDS = 300;
const STEP_MINUTES = 5;

/** The words for a place in the queue: nobody on duty is said plainly, and the wait in steps that do not flicker. */
function waitingText(queue) {
  if (queue.counselorsOnDuty === 0) return t("nobodyOnDuty");
  if (queue.estimatedWaitSeconds <= FEW_MINUTES_SECONDS) return t("waitingFewMinutes", { position: queue.position });
  const minutes = Math.ceil(queue.estimatedWaitSeconds / 60 / STEP_MINUTES) * STEP_MINUTES;
  return t("waiting", { position: queue.position, minutes });
}

function renderStatus() {
  const waiting = WAITING.includes(state.status);
  const nobody = waiting && state.queue?.counselorsOnDuty === 0;
  $("queue-status").hidden = !waiting;
  $("queue-status").classList.toggle("nobody", nobody);
  // With nobody on duty, the other ways to get help come first, before anything else on the page.
  $("other-help").hidden = !nobody;
  if (nobody) renderOtherHelp($("other-help-list"));
  if (!waiting) return;
  // A queue position is not known until the queue answers; say we are waiting meanwhile.
  $("queue-status").textContent = state.queue ? waitingText(state.queue) : t("waitingNoPosition");
}

function showStart() {
  feed = outbox.feed = new Feed();
  render();
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
  if (!state.endedShown) {
    feed.note(() => t("chatEnded"));
    render();
  }
  state.endedShown = true;
  $("message-input").disabled = true;
  $("send-button").disabled = true;
  $("end-button").hidden = true;
  $("queue-status").hidden = true;
  $("other-help").hidden = true;
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

// While many chats start from the worker's network the server asks for a solved challenge first: the page says
// calmly that it is a moment, solves it, and asks again (a new challenge if the last one expired meanwhile).
async function startChat(request) {
  try {
    for (let tries = 0; ; tries++) {
      try {
        // The remembered device's key, only when the worker ticked "remember this device" (chat/device.js).
        return await connection.invoke("StartChat", { ...request, deviceKey: deviceKey() });
      } catch (error) {
        const refusal = refusalOf(error);
        if (refusal?.code !== "chat.challenge" || tries >= 3) throw error;
        $("start-checking").hidden = false;
        request = { ...request, proof: await solve(refusal.params.challenge, Number(refusal.params.difficulty)) };
      }
    }
  } finally {
    $("start-checking").hidden = true;
  }
}

async function start() {
  clearError();
  // One conversation per tab: a second click while the first is on its way would be refused anyway.
  $("start-button").disabled = true;
  try {
    if (!consentVersion($("consent"))) return showError(t("noticeNeeded"));
    const line = chosenLine();
    if (line === "") return showError(t("lineNeeded"));
    if (!fits($("first-message"), $("first-message-counter"))) return;
    const firstMessage = $("first-message").value.trim() ? $("first-message").value : null;
    const started = await startChat({ topic: $("topic").value || null, language, firstMessage, consentVersion: consentVersion($("consent")), line });
    sessionStorage.setItem(TOKEN_KEY, started.resumeToken);
    state.status = "Queued";
    state.queue = { position: started.position, estimatedWaitSeconds: started.estimatedWaitSeconds, counselorsOnDuty: started.counselorsOnDuty };
    // The first message is the conversation's first entry (seq 1); the server does not echo it back, and the
    // repair below brings its stored time.
    if (firstMessage) feed.add({ seq: 1, sender: "worker", text: firstMessage, sentAt: new Date().toISOString() });
    render();
    showChat();
    renderStatus();
    await repair();
  } catch (error) {
    showError(error);
  } finally {
    $("start-button").disabled = !$("consent").checked;
  }
}

async function resume(token) {
  if (!token) return false;
  try {
    const view = await connection.invoke("ResumeChat", token);
    const first = !feed.newest;
    if (view.queue) state.queue = view.queue;
    view.messages.forEach((message) => feed.add(message));
    showChat();
    render();
    showStatus(view.status, view.counselorName, view.surveySubmitted);
    await repair();
    if (first) scrollToNewest();
    return true;
  } catch (error) {
    // Only a refusal means the token is no good; a network failure keeps it for the next reconnect.
    if (!isRefusal(error)) {
      showError(error);
      return false;
    }
    sessionStorage.removeItem(TOKEN_KEY);
    showStart();
    // A blocked worker is told calmly where to get help now; any other refusal means the token is gone.
    showError(refusalOf(error)?.code === "chat.unavailable" ? error : t("resumeFailed"));
    return false;
  }
}

// Shown at once as "sending"; it stays on screen, in the order typed, until it is sent or the worker removes it.
function send(event) {
  event.preventDefault();
  clearError();
  const text = $("message-input").value;
  if (!text.trim() || !fits($("message-input"), $("message-counter"))) return;
  $("message-input").value = "";
  $("message-counter").hidden = true;
  outbox.add(text);
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

// Leave at once, without a history entry to come back to. An open conversation stays open a short while (the
// counsellor is told), and this device may come back to it until then.
function quickExit() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  sessionStorage.removeItem(TOKEN_KEY);
  const open = state.status && !ENDED.includes(state.status);
  leaveNow({
    token: open ? token : null,
    resumeSeconds: limits.quickExitResumeSeconds,
    tellServer: () => connection.invoke("LeaveInHurry").catch(() => {}),
  });
}

$("quick-exit").addEventListener("click", quickExit);
// Esc leaves as the button does, but only when the page itself has focus: someone may walk in.
leaveOnEscape(quickExit);

/** Back after a quick exit: the page asks before it shows anything of the conversation. */
function offerToContinue(token) {
  $("start-panel").hidden = true;
  $("hurry-panel").hidden = false;
  $("hurry-continue").onclick = async () => {
    forgetHurry();
    $("hurry-panel").hidden = true;
    sessionStorage.setItem(TOKEN_KEY, token);
    if (!(await resume(token))) showStart();
  };
  $("hurry-forget").onclick = () => {
    forgetHurry();
    $("hurry-panel").hidden = true;
    showStart();
  };
}
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

rememberDeviceChoice($("remember-device"));
// No chat starts before the worker has read the notice and agreed; quick exit works before that too.
showNotice({ period: $("notice-kept"), agree: $("consent"), start: $("start-button") });
countAsTyped($("message-input"), $("message-counter"));
countAsTyped($("first-message"), $("first-message-counter"));

initLanguage(() => {
  fillSelect($("topic"), state.topics, (topic) => topic[language]);
  renderStatus();
  render();
});

(async () => {
  // Without the staff-only topics (non-service), which a worker is never offered.
  [state.topics] = await Promise.all([
    getJson("/api/topics/worker"),
    loadLimits(),
    showLine({ named: $("line-named"), unknown: $("line-unknown"), choice: $("line-choice"), select: $("line") }),
  ]);
  fillSelect($("topic"), state.topics, (topic) => topic[language]);
  await startConnection(connection);
  const hurried = sessionStorage.getItem(TOKEN_KEY) ? null : leftInHurry();
  if (hurried) offerToContinue(hurried);
  else if (!(await resume(sessionStorage.getItem(TOKEN_KEY)))) showStart();
  setInterval(repair, HEAD_CHECK_MS);
})();
