// The counsellor's desk: sign in, set presence, take offers, hold several chats, write each wrap-up.
import { t, language, initLanguage, getJson, loadTopics, topicName, fillSelect, showError, clearError, signInFromForm, staffFetch, shiftLine, followUpLine, isRefusal } from "./common.js";
import { staffConnection, startStaffConnection, watchConnection, signOut } from "./connection.js";
import { Feed, Outbox, renderFeed } from "./feed.js";

const TOKEN_KEY = "hotline.staffToken";
const PRESENCE_KEY = "hotline.presence";
const SOUND_KEY = "hotline.offerSound";
const RISK_LEVELS = ["R0", "R1", "R2", "R3", "R4", "LeftBeforeScreening"];
const $ = (id) => document.getElementById(id);
// Who ended a conversation that stays on the desk for its wrap-up (EndReasons in src/Contracts).
const END_REASONS = { "counselor-ended": "youEnded", "worker-ended": "workerLeft", "caller-hung-up": "callerHungUp", "texts-stopped": "textsStopped", "worker-disconnected": "workerGone" };
// How often each active chat is asked for anything after its last message: finds a lost last message.
const HEAD_CHECK_MS = 10_000;

// offers: offerId → the offer as received (cards are redrawn from it); wrapUpFor: whose wrap-up the form was last prepared for.
// accepting: Accepts on their way; early: messages of a conversation whose Accept has not come back yet, by its id.
const state = { topics: [], actions: [], queues: [], emergency: [], referrals: [], cannedReplies: [], presence: "Offline", offers: new Map(), conversations: new Map(), selected: null, wrapUpFor: null, myShifts: [], accepting: 0, early: new Map() };
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
  // This page's web node may have missed events (its Redis subscription came back): check now, not at the next period.
  connection.on("CatchUp", checkHeads);
  connection.on("WorkerTyping", ({ conversationId }) => {
    const conversation = state.conversations.get(conversationId);
    if (!conversation) return;
    // A hint, not a state: it fades unless another one comes.
    conversation.typingUntil = Date.now() + 5000;
    renderConversations();
    setTimeout(renderConversations, 5100);
  });
  connection.on("MessageNotDelivered", ({ conversationId, seq }) => {
    const conversation = state.conversations.get(conversationId);
    if (!conversation) return;
    conversation.feed.note(t("notDelivered", { seq }));
    if (state.selected === conversationId) renderTranscript();
    else showError(new Error(t("notDelivered", { seq })));
  });
  connection.on("ConversationEnded", ({ conversationId, reason }) => ended(conversationId, reason));
  connection.on("ConversationAssigned", (view) => {
    const conversation = track(view);
    if (state.selected !== view.conversationId) conversation.unread = true;
    renderConversations();
    repair(conversation);
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
    // A whisper is shown only here, marked as the supervisor's; it is never part of the worker's transcript.
    conversation.feed.note(`${whisper.supervisorName}: ${whisper.text}`, "whisper");
    if (state.selected === whisper.conversationId) renderTranscript();
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
  watchConnection(connection, { onBack: restore, onRefused: (error) => signOut(TOKEN_KEY, error) });
  if (await startStaffConnection(connection, TOKEN_KEY, "desk")) {
    await restore();
    await loadCannedReplies();
    setInterval(checkHeads, HEAD_CHECK_MS);
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
    await resync();
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

/**
 * The conversations as the server holds them for this counsellor: one the desk shows that the server no longer
 * lists was taken back meanwhile, so it goes, with a word why; each one held is brought up to date.
 */
async function resync() {
  const views = await connection.invoke("GetMyConversations");
  const held = new Set(views.map((view) => view.conversationId));
  const gone = [...state.conversations.values()].filter((conversation) => !held.has(conversation.id));
  for (const conversation of gone) forget(conversation.id);
  if (gone.length) showError(new Error(gone.map((conversation) => t("takenBack", { topic: topicName(state.topics, conversation.topic) })).join(" ")));
  const tracked = views.map(track);
  renderConversations();
  await Promise.all(tracked.map(repair));
  // What the counsellor wrote while the connection was down goes now, in the order written.
  await Promise.all(tracked.map((conversation) => conversation.outbox.flush()));
}

/** Fetches what the desk lacks of a conversation; a refusal means it is no longer this counsellor's. */
async function repair(conversation) {
  if (connection.state !== signalR.HubConnectionState.Connected) return;
  try {
    const tail = await conversation.feed.repair((afterSeq) => connection.invoke("GetMessagesAfter", conversation.id, afterSeq));
    if (tail.status !== "Active" && conversation.status === "Active") ended(conversation.id, tail.endReason);
    refresh(conversation);
  } catch (error) {
    if (isRefusal(error) && state.conversations.has(conversation.id)) await resync().catch(showError);
  }
}

function checkHeads() {
  for (const conversation of state.conversations.values()) if (conversation.status === "Active") repair(conversation);
}

// Sent again by restore() too, which must not wipe what it has just said (a chat taken back).
async function setPresence(presence) {
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

// The worker may write while the Accept is on its way back: those messages are kept until the conversation is tracked.
async function acceptOffer(offerId) {
  clearError();
  state.accepting++;
  try {
    const view = await connection.invoke("AcceptOffer", offerId);
    removeOffer(offerId);
    const conversation = track(view);
    select(view.conversationId);
    await repair(conversation);
  } catch (error) {
    removeOffer(offerId);
    showError(error);
  } finally {
    if (--state.accepting === 0) state.early.clear();
  }
}

function track(view) {
  const conversation = state.conversations.get(view.conversationId) ?? newConversation(view.conversationId);
  Object.assign(conversation, { topic: view.topic, riskLevel: view.riskLevel, status: view.status, note: view.note, language: view.language });
  [...(state.early.get(view.conversationId) ?? []), ...view.messages].forEach((message) => conversation.feed.add(message));
  state.early.delete(view.conversationId);
  state.conversations.set(view.conversationId, conversation);
  refresh(conversation);
  return conversation;
}

function newConversation(id) {
  const conversation = { id, feed: new Feed(), unread: false };
  conversation.outbox = new Outbox({
    connection,
    feed: conversation.feed,
    sender: "counselor",
    send: (entry) => connection.invoke("SendMessage", id, entry.text, entry.clientMessageId),
    changed: () => refresh(conversation),
    // Refused, say, because the chat was taken back meanwhile: the desk asks, and drops it if so.
    refused: () => repair(conversation),
  });
  return conversation;
}

function receive(message) {
  const conversation = state.conversations.get(message.conversationId);
  if (!conversation) {
    if (state.accepting > 0) state.early.set(message.conversationId, [...(state.early.get(message.conversationId) ?? []), message]);
    return;
  }
  if (!conversation.feed.add(message)) return;
  if (state.selected !== message.conversationId) conversation.unread = true;
  refresh(conversation);
  if (conversation.feed.hasGap) repair(conversation);
}

/** Redraws what shows a conversation: its transcript if open, and its line in the list. */
function refresh(conversation) {
  if (state.selected === conversation.id) renderTranscript();
  renderConversations();
}

function renderTranscript() {
  const conversation = state.conversations.get(state.selected);
  if (conversation) renderFeed($("chat-messages"), conversation.feed, conversation.outbox);
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
  const last = conversation.feed.messages().at(-1);
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
  // Earlier conversations are read only when the counsellor opens them: each read is audited.
  $("earlier").open = false;
  $("earlier-list").replaceChildren();
  renderTranscript();
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
  if (!active && !conversation.endNoted) {
    conversation.endNoted = true;
    conversation.feed.note(conversation.endReason ? t("conversationEnded", { reason: conversation.endReason }) : t("chatEnded"));
    renderTranscript();
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

// Shown at once as "sending"; it stays in the chat, in the order typed, until it is sent or the counsellor removes it.
function send(event) {
  event.preventDefault();
  clearError();
  const text = $("chat-input").value;
  const conversation = state.conversations.get(state.selected);
  if (!text.trim() || !conversation) return;
  $("chat-input").value = "";
  conversation.outbox.add(text);
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
    $("chat-messages").replaceChildren();
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
for (const button of document.querySelectorAll("[data-presence]")) {
  button.addEventListener("click", () => {
    clearError();
    setPresence(button.dataset.presence);
  });
}
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
  renderTranscript();
});

(async () => {
  [state.topics, state.actions, state.queues, state.emergency, state.referrals] = await Promise.all([
    loadTopics(), getJson("/api/actions"), getJson("/api/queues"), getJson("/api/emergency"), getJson("/api/referrals"),
  ]);
  fillPickers();
  if (sessionStorage.getItem(TOKEN_KEY)) await connect();
  else $("login-panel").hidden = false;
})();
