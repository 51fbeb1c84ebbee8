// The wrap-up, owed before a chat closes: a fresh form per conversation, with its topic as the worker chose it and
// no risk level until the counsellor picks one (a default would record "R0, screened" for a chat nobody assessed).
import { t, language, fillSelect, showError, clearError } from "../common.js";
import { $, state, on, selectedConversation } from "./store.js";
import { forget } from "./conversations.js";
import { renderFollowUps } from "./shifts.js";

const RISK_LEVELS = ["R0", "R1", "R2", "R3", "R4", "LeftBeforeScreening"];

export function initWrapUp() {
  on("chat", () => {
    const conversation = selectedConversation();
    $("wrapup").hidden = conversation?.status !== "WrapUp";
    if (conversation?.status === "WrapUp" && state.wrapUpFor !== conversation.id) prepare(conversation);
  });
  $("wrapup").addEventListener("submit", submit);
  $("wrapup-risk").addEventListener("change", () => { $("wrapup-emergency").hidden = $("wrapup-risk").value !== "R4"; });
}

export function fillWrapUpPickers() {
  fillSelect($("wrapup-topic"), state.topics, (topic) => topic[language]);
  fillSelect($("wrapup-action"), state.actions, (action) => action[language]);
  fillSelect($("wrapup-risk"), [{ id: "" }, ...RISK_LEVELS.map((id) => ({ id }))], (risk) => t(risk.id || "chooseRisk"));
}

function prepare(conversation) {
  state.wrapUpFor = conversation.id;
  $("wrapup").reset();
  clearError($("wrapup-error"));
  $("wrapup-emergency").hidden = true;
  if (state.topics.some((topic) => topic.id === conversation.topic)) $("wrapup-topic").value = conversation.topic;
}

async function submit(event) {
  event.preventDefault();
  clearError($("wrapup-error"));
  const conversationId = state.selected;
  try {
    await state.connection.invoke("SubmitWrapUp", conversationId, {
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
    showError(error, $("wrapup-error"));
  }
}
