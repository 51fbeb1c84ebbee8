// The open chat: its heading, the transcript (which scrolls inside its box, never the page), the composer, and
// ending it, which asks first.
import { t, topicName, lineName, showError, clearError } from "../common.js";
import { renderFeed } from "../feed.js";
import { $, state, on, selectedConversation, asBackup } from "./store.js";
import { ended } from "./conversations.js";

// The worker is told "counsellor is typing" at most this often; a hint, so a refused or lost one is not retried.
const TYPING_EVERY_MS = 3000;
let typingSentAt = 0;
// Whether the transcript shows its newest message: then it stays there when the box shrinks (a risk banner, the
// wrap-up line) or another chat is opened.
let pinned = true;

export function initChat() {
  on("chat", render);
  on("transcript", renderTranscript);
  on("selected", () => {
    closeConfirm();
    typingSentAt = 0;
    pinned = true;
  });
  const messages = $("chat-messages");
  // A scroll that comes with a resize (a banner shown, a heading wrapped) is the layout's doing, not the counsellor's:
  // it must not unpin the newest message. The resize observer, which runs after it, scrolls back to the newest.
  let seenHeight = messages.clientHeight;
  messages.addEventListener("scroll", () => {
    if (messages.clientHeight !== seenHeight) return;
    pinned = messages.scrollHeight - messages.scrollTop - messages.clientHeight < 40;
  });
  new ResizeObserver(() => {
    seenHeight = messages.clientHeight;
    if (pinned) messages.scrollTop = messages.scrollHeight;
  }).observe(messages);
  $("chat-form").addEventListener("submit", send);
  $("chat-input").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) $("chat-form").requestSubmit();
  });
  $("chat-input").addEventListener("input", typing);
  $("end-conversation").addEventListener("click", () => {
    clearError($("end-confirm-error"));
    $("end-confirm").hidden = false;
    $("end-conversation").setAttribute("aria-expanded", "true");
    $("end-confirm-no").focus();
  });
  $("end-confirm-no").addEventListener("click", () => {
    closeConfirm();
    $("chat-input").focus();
  });
  $("end-confirm-yes").addEventListener("click", endConversation);
}

function closeConfirm() {
  $("end-confirm").hidden = true;
  $("end-conversation").setAttribute("aria-expanded", "false");
}

export function renderTranscript() {
  const conversation = selectedConversation();
  const messages = $("chat-messages");
  if (conversation) renderFeed(messages, conversation.feed, conversation.outbox);
  else messages.replaceChildren();
  if (pinned) messages.scrollTop = messages.scrollHeight;
}

function render() {
  const conversation = selectedConversation();
  $("chat").hidden = !conversation;
  $("no-chat").hidden = Boolean(conversation);
  if (!conversation) {
    renderTranscript();
    return;
  }
  const active = conversation.status === "Active";
  $("chat-title").textContent = `${topicName(state.topics, conversation.topic)} · ${t("risk", { risk: t(conversation.riskLevel) })}`;
  const backup = asBackup(conversation);
  $("chat-backup").hidden = !backup;
  $("chat-backup").textContent = backup ? t("backupFor", { line: lineName(conversation.line) }) : "";
  $("chat-form").hidden = !active;
  $("end-conversation").hidden = !active;
  if (!active) closeConfirm();
  $("wrapup-due").hidden = active;
  if (!active && !conversation.endNoted) {
    conversation.endNoted = true;
    conversation.feed.note(() => (conversation.endReason ? t("conversationEnded", { reason: t(conversation.endReason) }) : t("chatEnded")));
    renderTranscript();
  }
}

// Shown at once as "sending"; it stays in the chat, in the order typed, until it is sent or the counsellor removes it.
function send(event) {
  event.preventDefault();
  const text = $("chat-input").value;
  const conversation = selectedConversation();
  if (!text.trim() || !conversation) return;
  $("chat-input").value = "";
  conversation.outbox.add(text);
}

function typing() {
  const conversation = selectedConversation();
  if (!conversation || conversation.status !== "Active" || Date.now() - typingSentAt < TYPING_EVERY_MS) return;
  typingSentAt = Date.now();
  state.connection.invoke("Typing", conversation.id).catch(() => {});
}

async function endConversation() {
  const conversationId = state.selected;
  try {
    await state.connection.invoke("EndConversation", conversationId);
    closeConfirm();
    // ConversationEnded follows from the server too; showing the wrap-up now does not wait for it.
    ended(conversationId, "counselor-ended");
  } catch (error) {
    showError(error, $("end-confirm-error"));
  }
}
