// What the side panel says of the worker in the open chat: topic, language, risk, a transfer note, and their earlier
// conversations, read only when the counsellor opens them (each read is audited).
import { t, language, topicName, showError, clearError, dateTime } from "../common.js";
import { $, state, on, selectedConversation } from "./store.js";

const CHANNELS = { web: "reportWeb", sms: "reportSms", voice: "reportVoice" };

export function initContext() {
  on("chat", render);
  on("selected", () => {
    $("earlier").open = false;
    $("earlier-list").replaceChildren();
    clearError($("earlier-error"));
  });
  $("earlier").addEventListener("toggle", () => {
    if ($("earlier").open) loadEarlier();
  });
}

function render() {
  const conversation = selectedConversation();
  $("worker-context").hidden = !conversation;
  $("no-context").hidden = Boolean(conversation);
  if (!conversation) return;
  $("context-topic").textContent = topicName(state.topics, conversation.topic);
  $("context-language").textContent = t(conversation.language === "en" ? "languageEn" : "languageZh");
  $("context-risk").textContent = t(conversation.riskLevel);
  $("context-status").textContent = conversation.status === "Active" ? t("active") : t("wrapUpDue");
  $("chat-note").hidden = !conversation.note;
  $("chat-note").textContent = conversation.note ? t("transferredNote", { note: conversation.note }) : "";
}

async function loadEarlier() {
  const conversationId = state.selected;
  clearError($("earlier-error"));
  try {
    const earlier = await state.connection.invoke("GetEarlierConversations", conversationId);
    if (state.selected !== conversationId) return;
    const none = document.createElement("li");
    none.textContent = t("earlierNone");
    $("earlier-list").replaceChildren(...(earlier.length ? earlier.map(earlierItem) : [none]));
  } catch (error) {
    showError(error, $("earlier-error"));
  }
}

function earlierItem(conversation) {
  const item = document.createElement("li");
  item.className = "earlier-conversation";
  const when = dateTime(conversation.startedAt);
  const heading = document.createElement("strong");
  const action = state.actions.find((candidate) => candidate.id === conversation.action);
  heading.textContent = [when, t(CHANNELS[conversation.channel] ?? conversation.channel), topicName(state.topics, conversation.topic), t("risk", { risk: t(conversation.riskLevel) }), action ? action[language] : conversation.action ?? t(conversation.status)].join(" · ");
  item.append(heading);
  if (conversation.notes) {
    const notes = document.createElement("p");
    notes.textContent = t("earlierNotes", { notes: conversation.notes });
    item.append(notes);
  }
  return item;
}
