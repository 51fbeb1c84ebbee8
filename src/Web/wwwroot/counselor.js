// The counsellor's desk: sign in, set presence, take offers, hold several chats, write each wrap-up.
import { t, language, initLanguage, getJson, loadTopics, topicName, fillSelect, showError, clearError, signInFromForm, staffFetch, shiftLine, staffConnection, startStaffConnection, followUpLine, MessageList } from "./common.js";

const TOKEN_KEY = "hotline.staffToken";
const PRESENCE_KEY = "hotline.presence";
const SOUND_KEY = "hotline.offerSound";
const RISK_LEVELS = ["R0", "R1", "R2", "R3", "R4", "LeftBeforeScreening"];
const $ = (id) => document.getElementById(id);
// Who ended a conversation that stays on the desk for its wrap-up (EndReasons in src/Contracts).
const END_REASONS = { "counselor-ended": "youEnded", "worker-ended": "workerLeft", "caller-hung-up": "callerHungUp", "texts-stopped": "textsStopped" };

// offers: offerId → the offer as received (cards are redrawn from it); wrapUpFor: whose wrap-up the form was last prepared for.
const state = { topics: [], actions: [], queues: [], emergency: [], referrals: [], cannedReplies: [], presence: "Offline", offers: new Map(), conversations: new Map(), selected: null, wrapUpFor: null, myShifts: [] };
const transcript = new MessageList($("chat-messages"));
let connection = null;

async function login(event) {
  event.preventDefault();
  if (await signInFromForm(TOKEN_KEY)) await connect();
}

async function connect() {
  connection = staffConnection("/hubs/counselor", TOKEN_KEY);
  connection.on("OfferReceived", addOffer);
  connection.on("OfferWithdrawn", ({ offerId }) => removeOffer(offerId));
  connection.on("MessageReceived", receive);
  connection.on("WorkerTyping", ({ conversationId }) => {
    const conversation = state.conversations.get(conversationId);
    if (!conversation) return;
    // A hint, not a state: it fades unless another one comes.
    conversation.typingUntil = Date.now() + 5000;
    renderConversations();
    setTimeout(renderConversations, 5100);
  });
  connection.on("MessageNotDelivered", ({ conversationId, seq }) => {
    if (state.selected === conversationId) transcript.notice(t("notDelivered", { seq }));
    else showError(new Error(t("notDelivered", { seq })));
  });
  connection.on("ConversationEnded", ({ conversationId, reason }) => ended(conversationId, reason));
  connection.on("ConversationAssigned", (view) => {
    track(view);
    if (state.selected !== view.conversationId) state.conversations.get(view.conversationId).unread = true;
    renderConversations();
  });
  connection.on("RiskChanged", ({ conversationId, riskLevel }) => {
    const conversation = state.conversations.get(conversationId);
    if (!conversation) return;
    conversation.riskLevel = riskLevel;
    if (state.selected === conversationId) renderChat();
    else conversation.unread = true;
    renderConversations();
  });
  connection.on("WhisperReceived", (whisper) => {
    const conversation = state.conversations.get(whisper.conversationId);
    if (!conversation) return;
    conversation.whispers = [...(conversation.whispers ?? []), whisper];
    if (state.selected === whisper.conversationId) showWhisper(whisper);
    else conversation.unread = true;
    renderConversations();
  });
  connection.on("PresenceChanged", ({ presence }) => {
    state.presence = presence;
    sessionStorage.setItem(PRESENCE_KEY, presence);
    renderPresence();
    showError(t("setAway"));
  });
  // After a network blip: the same presence as before, and anything missed from the conversations themselves.
  connection.onreconnected(restore);
  if (await startStaffConnection(connection, TOKEN_KEY, "desk")) {
    await restore();
    await loadCannedReplies();
  }
}

// Staff-only, unlike the catalogues: fetched with this tab's token once signed in.
async function loadCannedReplies() {
  try {
    const response = await fetch("/api/canned-replies", { headers: { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}` } });
    state.cannedReplies = response.ok ? await response.json() : [];
  } catch {
    state.cannedReplies = [];
  }
  fillCannedReplies();
}

function fillCannedReplies() {
  const picker = $("canned-reply");
  picker.setAttribute("aria-label", t("cannedReplyPick"));
  fillSelect(picker, [{ id: "" }, ...state.cannedReplies], (reply) => reply.id ? (language === "en" ? reply.titleEn : reply.titleZh) : t("cannedReplyPick"));
  picker.value = "";
}

// The worker's language where the hub says it, else the page's: the reply is for the worker to read.
function conversationLanguage() {
  const spoken = state.conversations.get(state.selected)?.language;
  return spoken === "en" || spoken === "zh" ? spoken : language;
}

// Fills the box and stops there: the counsellor makes the words their own before sending.
function pickCannedReply() {
  const reply = state.cannedReplies.find((candidate) => candidate.id === $("canned-reply").value);
  $("canned-reply").value = "";
  if (!reply) return;
  $("chat-input").value = conversationLanguage() === "en" ? reply.textEn : reply.textZh;
  $("chat-input").focus();
}

function renderReferralCards() {
  $("referral-cards").replaceChildren(...state.referrals.map((card) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "referral-card";
    button.dataset.referralId = card.id;
    button.textContent = `📞 ${card[conversationLanguage()]}`;
    button.addEventListener("click", () => sendReferral(card.id));
    item.append(button);
    return item;
  }));
}

// The card comes back as a system message (MessageReceived), the same one the worker gets.
async function sendReferral(referralId) {
  clearError();
  try {
    await connection.invoke("SendReferral", state.selected, referralId);
  } catch (error) {
    showError(error);
  }
}

async function restore() {
  try {
    for (const view of await connection.invoke("GetMyConversations")) track(view);
    renderConversations();
    await renderFollowUps();
    await loadMyShifts();
    // Only a presence the counsellor chose before (this tab, before a reload or a network blip) is sent again.
    const chosen = sessionStorage.getItem(PRESENCE_KEY);
    if (chosen) await setPresence(chosen);
    else renderPresence();
  } catch (error) {
    showError(error);
  }
}

async function setPresence(presence) {
  clearError();
  try {
    await connection.invoke("SetPresence", presence);
    state.presence = presence;
    sessionStorage.setItem(PRESENCE_KEY, presence);
    renderPresence();
  } catch (error) {
    showError(error);
  }
}

function renderPresence() {
  $("presence-current").textContent = t("presence", { presence: t(state.presence) });
  for (const button of document.querySelectorAll("[data-presence]")) button.classList.toggle("active", button.dataset.presence === state.presence);
}

function addOffer(offer) {
  // The same offer can arrive twice around a reconnect; it is one card.
  const isNew = !state.offers.has(offer.offerId);
  state.offers.set(offer.offerId, offer);
  renderOffers();
  if (isNew) announceOffer();
}

// Someone is waiting: a short tone (unless switched off) and the tab title flashing until the page is looked at.
function announceOffer() {
  if ($("offer-sound").checked) {
    try {
      const audio = new AudioContext();
      const tone = audio.createOscillator();
      tone.frequency.value = 660;
      tone.connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.25);
    } catch {
      // No audio here (no device, or no gesture yet): the title still flashes.
    }
  }
  if (state.flashing) return;
  const title = document.title;
  let on = false;
  state.flashing = setInterval(() => {
    on = !on;
    document.title = on ? t("offerFlash") : title;
    if (document.hasFocus() && state.offers.size === 0) {
      clearInterval(state.flashing);
      state.flashing = null;
      document.title = title;
    }
  }, 1000);
}

function renderOffers() {
  $("offers").replaceChildren(...[...state.offers.values()].map(offerCard));
}

function offerCard(offer) {
  const card = document.createElement("li");
  card.className = "offer";
  card.dataset.offerId = offer.offerId;
  const title = document.createElement("strong");
  title.textContent = topicName(state.topics, offer.topic);
  const details = document.createElement("span");
  const channel = offer.channel && offer.channel !== "web" ? ` · ${t(offer.channel === "voice" ? "channelVoice" : "channelSms")}` : "";
  details.textContent = `${channel} · ${t("risk", { risk: t(offer.riskLevel) })} · ${t("waited", { seconds: offer.waitedSeconds })}`;
  const preview = document.createElement("p");
  preview.className = "preview";
  preview.textContent = offer.preview;
  const note = document.createElement("p");
  note.className = "note";
  note.textContent = offer.note ? t("transferredNote", { note: offer.note }) : "";
  const accept = document.createElement("button");
  accept.type = "button";
  accept.className = "accept-offer primary";
  accept.textContent = t("accept");
  accept.addEventListener("click", () => acceptOffer(offer.offerId));
  const decline = document.createElement("button");
  decline.type = "button";
  decline.className = "decline-offer";
  decline.textContent = t("decline");
  decline.addEventListener("click", () => connection.invoke("DeclineOffer", offer.offerId).then(() => removeOffer(offer.offerId), showError));
  card.append(title, details, preview, note, accept, decline);
  return card;
}

function removeOffer(offerId) {
  if (state.offers.delete(offerId)) renderOffers();
}

async function acceptOffer(offerId) {
  clearError();
  try {
    const view = await connection.invoke("AcceptOffer", offerId);
    removeOffer(offerId);
    track(view);
    select(view.conversationId);
  } catch (error) {
    removeOffer(offerId);
    showError(error);
  }
}

function track(view) {
  const known = state.conversations.get(view.conversationId);
  const conversation = known ?? { id: view.conversationId, messages: new Map(), unread: false };
  Object.assign(conversation, { topic: view.topic, riskLevel: view.riskLevel, status: view.status, note: view.note, language: view.language });
  view.messages.forEach((message) => conversation.messages.set(message.seq, message));
  state.conversations.set(view.conversationId, conversation);
  if (state.selected === view.conversationId) view.messages.forEach((message) => transcript.add(message));
  renderConversations();
}

function receive(message) {
  const conversation = state.conversations.get(message.conversationId);
  if (!conversation) return;
  conversation.messages.set(message.seq, message);
  if (state.selected === message.conversationId) transcript.add(message);
  else conversation.unread = true;
  renderConversations();
}

function ended(conversationId, reason) {
  const conversation = state.conversations.get(conversationId);
  if (!conversation) return;
  if (reason === "transferred" || reason === "reassigned") {
    // Handed over: it is someone else's now, and no wrap-up is owed here.
    forget(conversationId);
    if (reason === "reassigned") showError(t("reassignedAway"));
    return;
  }
  conversation.status = "WrapUp";
  conversation.endReason = END_REASONS[reason] ? t(END_REASONS[reason]) : reason;
  if (state.selected === conversationId) renderChat();
  renderConversations();
}

function renderConversations() {
  $("conversation-list").replaceChildren(...[...state.conversations.values()].map((conversation) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "conversation-tab";
    button.classList.toggle("selected", conversation.id === state.selected);
    button.textContent = `${topicName(state.topics, conversation.topic)} · ${conversation.status === "Active" ? t("active") : t("wrapUpDue")}`;
    const waiting = conversation.status === "Active" ? waitingSince(conversation) : null;
    if (waiting !== null) {
      const mark = document.createElement("span");
      mark.className = "waiting";
      mark.textContent = ` · ${t("waitingFor", { minutes: Math.floor((Date.now() - waiting) / 60000) })}`;
      button.append(mark);
    }
    if (conversation.typingUntil > Date.now()) {
      const typing = document.createElement("span");
      typing.className = "typing";
      typing.textContent = ` · ${t("typing")}`;
      button.append(typing);
    }
    if (conversation.unread) {
      const badge = document.createElement("span");
      badge.className = "unread";
      badge.textContent = "•";
      button.append(badge);
    }
    button.addEventListener("click", () => select(conversation.id));
    item.append(button);
    return item;
  }));
}

// When the worker's latest message has had no answer yet, since when; otherwise null.
function waitingSince(conversation) {
  const last = [...conversation.messages.values()].sort((a, b) => a.seq - b.seq).at(-1);
  return last?.sender === "worker" ? Date.parse(last.sentAt) : null;
}

// Alt+↓ / Alt+↑ move between held conversations, from anywhere on the page.
function switchConversation(step) {
  const ids = [...state.conversations.keys()];
  if (ids.length === 0) return;
  const at = ids.indexOf(state.selected);
  select(ids[(at + step + ids.length) % ids.length]);
  $("chat-input").focus();
}

function select(conversationId) {
  state.selected = conversationId;
  const conversation = state.conversations.get(conversationId);
  conversation.unread = false;
  transcript.clear();
  // Earlier conversations are read only when the counsellor opens them: each read is audited.
  $("earlier").open = false;
  $("earlier-list").replaceChildren();
  [...conversation.messages.values()].forEach((message) => transcript.add(message));
  (conversation.whispers ?? []).forEach(showWhisper);
  renderChat();
  renderConversations();
}

async function loadEarlier() {
  const conversationId = state.selected;
  try {
    const earlier = await connection.invoke("GetEarlierConversations", conversationId);
    if (state.selected !== conversationId) return;
    const none = document.createElement("li");
    none.textContent = t("earlierNone");
    $("earlier-list").replaceChildren(...(earlier.length ? earlier.map(earlierItem) : [none]));
  } catch (error) {
    showError(error);
  }
}

function earlierItem(conversation) {
  const item = document.createElement("li");
  item.className = "earlier-conversation";
  const when = new Date(conversation.startedAt).toLocaleString(language === "zh" ? "zh-CN" : "en");
  const heading = document.createElement("strong");
  heading.textContent = [when, conversation.channel, topicName(state.topics, conversation.topic), t("risk", { risk: t(conversation.riskLevel) }), conversation.action ?? t(conversation.status)].join(" · ");
  item.append(heading);
  if (conversation.notes) {
    const notes = document.createElement("p");
    notes.textContent = t("earlierNotes", { notes: conversation.notes });
    item.append(notes);
  }
  return item;
}

// A whisper is shown only here, marked as the supervisor's; it is never part of the worker's transcript.
function showWhisper(whisper) {
  const item = document.createElement("li");
  item.className = "msg whisper";
  item.textContent = `${whisper.supervisorName}: ${whisper.text}`;
  $("chat-messages").append(item);
}

function renderChat() {
  const conversation = state.conversations.get(state.selected);
  $("chat").hidden = !conversation;
  if (!conversation) return;
  const active = conversation.status === "Active";
  $("chat-title").textContent = `${topicName(state.topics, conversation.topic)} · ${t("risk", { risk: t(conversation.riskLevel) })}`;
  $("chat-form").hidden = !active;
  $("composer-tools").hidden = !active;
  renderReferralCards();
  $("end-conversation").hidden = !active;
  $("wrapup").hidden = conversation.status !== "WrapUp";
  $("transfer").hidden = !active;
  $("emergency-card").hidden = conversation.riskLevel !== "R4";
  $("emergency-lines").replaceChildren(...state.emergency.map((line) => {
    const item = document.createElement("li");
    item.textContent = line[language];
    return item;
  }));
  $("chat-note").hidden = !conversation.note;
  $("chat-note").textContent = conversation.note ? t("transferredNote", { note: conversation.note }) : "";
  if (!active && conversation.endReason && !$("chat-messages").querySelector(".notice")) {
    transcript.notice(t("conversationEnded", { reason: conversation.endReason }));
  }
  if (conversation.status === "WrapUp" && state.wrapUpFor !== conversation.id) prepareWrapUp(conversation);
}

// A fresh form per conversation: its topic as the worker chose it, and no risk level until the counsellor picks one
// (a default would record "R0, screened" for a conversation nobody assessed).
function prepareWrapUp(conversation) {
  state.wrapUpFor = conversation.id;
  $("wrapup").reset();
  $("wrapup-emergency").hidden = true;
  if (state.topics.some((topic) => topic.id === conversation.topic)) $("wrapup-topic").value = conversation.topic;
}

async function send(event) {
  event.preventDefault();
  clearError();
  const text = $("chat-input").value;
  const conversationId = state.selected;
  if (!text.trim()) return;
  try {
    const { seq } = await connection.invoke("SendMessage", conversationId, text);
    receive({ conversationId, seq, sender: "counselor", text, sentAt: new Date().toISOString() });
    $("chat-input").value = "";
  } catch (error) {
    showError(error);
  }
}

async function submitWrapUp(event) {
  event.preventDefault();
  clearError();
  const conversationId = state.selected;
  try {
    await connection.invoke("SubmitWrapUp", conversationId, {
      topic: $("wrapup-topic").value,
      riskLevel: $("wrapup-risk").value,
      action: $("wrapup-action").value,
      notes: $("wrapup-notes").value || null,
      emergencyServicesReached: $("wrapup-emergency-reached").value === "" ? null : $("wrapup-emergency-reached").value === "yes",
    });
    state.wrapUpFor = null;
    forget(conversationId);
    await renderFollowUps();
  } catch (error) {
    showError(error);
  }
}

// The shifts are a reminder, not the desk: if the rota cannot be read, the desk works on without them.
async function loadMyShifts() {
  try {
    state.myShifts = await staffFetch("/api/rota/mine", TOKEN_KEY);
  } catch (error) {
    showError(error);
  }
  renderMyShifts();
}

function renderMyShifts() {
  const items = state.myShifts.map((shift) => {
    const item = document.createElement("li");
    item.textContent = shiftLine(shift);
    return item;
  });
  if (items.length === 0) {
    items.push(document.createElement("li"));
    items[0].textContent = t("noShifts");
  }
  $("my-shifts").replaceChildren(...items);
}

async function renderFollowUps() {
  const tasks = await connection.invoke("GetMyFollowUps");
  $("follow-ups").replaceChildren(...tasks.map((task) => {
    const item = document.createElement("li");
    item.textContent = followUpLine(task);
    const done = document.createElement("button");
    done.type = "button";
    done.className = "complete-follow-up";
    done.textContent = t("done");
    done.addEventListener("click", () => connection.invoke("CompleteFollowUp", task.taskId).then(renderFollowUps, showError));
    item.append(" ", done);
    return item;
  }));
}

async function transfer(event) {
  event.preventDefault();
  clearError();
  const counselorId = $("transfer-counselor").value.trim();
  try {
    await connection.invoke("TransferConversation", state.selected, {
      queue: counselorId ? null : $("transfer-queue").value,
      counselorId: counselorId || null,
      note: $("transfer-note").value || null,
    });
    $("transfer").reset();
  } catch (error) {
    showError(error);
  }
}

function forget(conversationId) {
  state.conversations.delete(conversationId);
  if (state.selected === conversationId) {
    state.selected = null;
    transcript.clear();
  }
  renderChat();
  renderConversations();
}

function fillPickers() {
  fillSelect($("wrapup-topic"), state.topics, (topic) => topic[language]);
  fillSelect($("wrapup-action"), state.actions, (action) => action[language]);
  fillSelect($("wrapup-risk"), [{ id: "" }, ...RISK_LEVELS.map((id) => ({ id }))], (risk) => t(risk.id || "chooseRisk"));
  fillSelect($("transfer-queue"), state.queues.map((id) => ({ id })), (queue) => queue.id);
}

$("login-panel").addEventListener("submit", login);
for (const button of document.querySelectorAll("[data-presence]")) button.addEventListener("click", () => setPresence(button.dataset.presence));
$("chat-form").addEventListener("submit", send);
$("canned-reply").addEventListener("change", pickCannedReply);
$("end-conversation").addEventListener("click", async () => {
  clearError();
  const conversationId = state.selected;
  try {
    await connection.invoke("EndConversation", conversationId);
    // ConversationEnded follows from the server too; showing the wrap-up now does not wait for it.
    ended(conversationId, "counselor-ended");
  } catch (error) {
    showError(error);
  }
});
$("wrapup").addEventListener("submit", submitWrapUp);
$("transfer").addEventListener("submit", transfer);
$("wrapup-risk").addEventListener("change", () => { $("wrapup-emergency").hidden = $("wrapup-risk").value !== "R4"; });
$("earlier").addEventListener("toggle", () => {
  if ($("earlier").open) loadEarlier();
});
document.addEventListener("keydown", (event) => {
  if (!event.altKey || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) return;
  event.preventDefault();
  switchConversation(event.key === "ArrowDown" ? 1 : -1);
});
$("offer-sound").checked = localStorage.getItem(SOUND_KEY) !== "off";
$("offer-sound").addEventListener("change", () => localStorage.setItem(SOUND_KEY, $("offer-sound").checked ? "on" : "off"));
// The waiting times in the list move on by themselves.
setInterval(renderConversations, 30000);
$("chat-input").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) $("chat-form").requestSubmit();
});

initLanguage(() => {
  fillPickers();
  fillCannedReplies();
  if (connection) renderMyShifts();
  if (connection) renderPresence();
  renderOffers();
  renderConversations();
  if (state.selected) renderChat();
});

(async () => {
  [state.topics, state.actions, state.queues, state.emergency, state.referrals] = await Promise.all([
    loadTopics(), getJson("/api/actions"), getJson("/api/queues"), getJson("/api/emergency"), getJson("/api/referrals"),
  ]);
  fillPickers();
  if (sessionStorage.getItem(TOKEN_KEY)) await connect();
  else $("login-panel").hidden = false;
})();
