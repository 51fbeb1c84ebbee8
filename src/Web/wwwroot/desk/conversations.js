// The conversations this counsellor holds, as the server holds them: tracked from the hub's views and events,
// repaired from GetMessagesAfter, forgotten when handed over or wrapped up.
import { t, topicName, showError, isRefusal } from "../common.js";
import { Feed, Outbox } from "../feed.js";
import { state, changed } from "./store.js";

// Who ended a conversation that stays on the desk for its wrap-up (EndReasons in src/Contracts).
const END_REASONS = { "counselor-ended": "youEnded", "worker-ended": "workerLeft", "caller-hung-up": "callerHungUp", "texts-stopped": "textsStopped", "worker-disconnected": "workerGone" };

export function track(view) {
  const conversation = state.conversations.get(view.conversationId) ?? newConversation(view.conversationId);
  Object.assign(conversation, {
    topic: view.topic, riskLevel: view.riskLevel, status: view.status, note: view.note, language: view.language,
    line: view.line, answeredByLine: view.answeredByLine,
  });
  [...(state.early.get(view.conversationId) ?? []), ...view.messages].forEach((message) => conversation.feed.add(message));
  state.early.delete(view.conversationId);
  state.conversations.set(view.conversationId, conversation);
  refresh(conversation);
  return conversation;
}

function newConversation(id) {
  const conversation = { id, feed: new Feed(), unread: false };
  conversation.outbox = new Outbox({
    connection: state.connection,
    feed: conversation.feed,
    sender: "counselor",
    send: (entry) => state.connection.invoke("SendMessage", id, entry.text, entry.clientMessageId),
    changed: () => refresh(conversation),
    // Refused, say, because the chat was taken back meanwhile: the desk asks, and drops it if so.
    refused: () => repair(conversation),
  });
  return conversation;
}

export function receive(message) {
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
export function refresh(conversation) {
  if (state.selected === conversation.id) changed("transcript");
  changed("list");
}

/**
 * The conversations as the server holds them for this counsellor: one the desk shows that the server no longer
 * lists was taken back meanwhile, so it goes, with a word why; each one held is brought up to date.
 */
export async function resync() {
  const views = await state.connection.invoke("GetMyConversations");
  const held = new Set(views.map((view) => view.conversationId));
  const gone = [...state.conversations.values()].filter((conversation) => !held.has(conversation.id));
  for (const conversation of gone) forget(conversation.id);
  if (gone.length) showError(new Error(gone.map((conversation) => t("takenBack", { topic: topicName(state.topics, conversation.topic) })).join(" ")));
  const tracked = views.map(track);
  changed("list");
  await Promise.all(tracked.map(repair));
  // What the counsellor wrote while the connection was down goes now, in the order written.
  await Promise.all(tracked.map((conversation) => conversation.outbox.flush()));
}

/** Fetches what the desk lacks of a conversation; a refusal means it is no longer this counsellor's. */
export async function repair(conversation) {
  if (state.connection.state !== signalR.HubConnectionState.Connected) return;
  try {
    const tail = await conversation.feed.repair((afterSeq) => state.connection.invoke("GetMessagesAfter", conversation.id, afterSeq));
    if (tail.status !== "Active" && conversation.status === "Active") ended(conversation.id, tail.endReason);
    refresh(conversation);
  } catch (error) {
    if (isRefusal(error) && state.conversations.has(conversation.id)) await resync().catch(showError);
  }
}

export function checkHeads() {
  for (const conversation of state.conversations.values()) if (conversation.status === "Active") repair(conversation);
}

export function ended(conversationId, reason) {
  const conversation = state.conversations.get(conversationId);
  if (!conversation) return;
  if (reason === "transferred" || reason === "reassigned") {
    // Handed over: it is someone else's now, and no wrap-up is owed here.
    forget(conversationId);
    if (reason === "reassigned") showError(t("reassignedAway"));
    return;
  }
  conversation.status = "WrapUp";
  // The words key of why it ended; a reason this desk has no words for is said as a plain end, never as its id.
  conversation.endReason = END_REASONS[reason] ?? null;
  if (state.selected === conversationId) changed("chat");
  changed("list");
}

export function forget(conversationId) {
  state.conversations.delete(conversationId);
  if (state.selected === conversationId) state.selected = null;
  changed("chat", "list");
}

export function select(conversationId) {
  state.selected = conversationId;
  state.conversations.get(conversationId).unread = false;
  changed("selected", "transcript", "chat", "list");
}

/** When the worker's latest message has had no answer yet, since when (desk clock); otherwise null. */
export function waitingSince(conversation) {
  const last = conversation.feed.messages().at(-1);
  return last?.sender === "worker" ? Date.parse(last.sentAt) : null;
}
