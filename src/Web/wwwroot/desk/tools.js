// The side panel's replies: canned replies fill the box (the counsellor makes the words their own before sending),
// referral cards send at a click and come back as the system message the worker gets.
import { t, language, fillSelect, staffFetch, showError, clearError } from "../common.js";
import { $, state, on, conversationLanguage, selectedConversation, TOKEN_KEY } from "./store.js";

export function initTools() {
  $("canned-reply").addEventListener("change", pickCannedReply);
  on("chat", renderReferralCards);
}

// Staff-only, unlike the catalogues: fetched with this tab's token once signed in; the desk works on without them.
export async function loadCannedReplies() {
  try {
    state.cannedReplies = await staffFetch("/api/canned-replies", TOKEN_KEY) ?? [];
  } catch (error) {
    state.cannedReplies = [];
    showError(error, $("tools-error"));
  }
  fillCannedReplies();
}

export function fillCannedReplies() {
  const picker = $("canned-reply");
  fillSelect(picker, [{ id: "" }, ...state.cannedReplies], (reply) => reply.id ? (language === "en" ? reply.titleEn : reply.titleZh) : t("cannedReplyPick"));
  picker.value = "";
}

function pickCannedReply() {
  const reply = state.cannedReplies.find((candidate) => candidate.id === $("canned-reply").value);
  $("canned-reply").value = "";
  if (!reply) return;
  $("chat-input").value = conversationLanguage(language) === "en" ? reply.textEn : reply.textZh;
  $("chat-input").focus();
}

export function renderReferralCards() {
  $("reply-tools").hidden = selectedConversation()?.status !== "Active";
  $("no-reply-tools").hidden = !$("reply-tools").hidden;
  $("referral-cards").replaceChildren(...state.referrals.map((card) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "referral-card";
    button.dataset.referralId = card.id;
    button.textContent = `📞 ${card[conversationLanguage(language)]}`;
    button.addEventListener("click", () => sendReferral(card.id));
    item.append(button);
    return item;
  }));
}

async function sendReferral(referralId) {
  clearError($("tools-error"));
  try {
    await state.connection.invoke("SendReferral", state.selected, referralId);
  } catch (error) {
    showError(error, $("tools-error"));
  }
}
