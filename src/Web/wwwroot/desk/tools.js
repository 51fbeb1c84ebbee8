// The side panel's replies: canned replies fill the box (the counsellor makes the words their own before sending),
// referral cards send at a click and come back as the system message the worker gets.
import { t, language, lineName, fillSelect, staffFetch, showError, clearError } from "../common.js";
import { $, state, on, changed, conversationLanguage, selectedConversation, TOKEN_KEY } from "./store.js";

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

// The cards for the open chat's line, the line's own first and always in view: a counsellor answering a city's chat
// as backup finds that city's local help without knowing it.
export function renderReferralCards() {
  const conversation = selectedConversation();
  $("reply-tools").hidden = conversation?.status !== "Active";
  $("no-reply-tools").hidden = !$("reply-tools").hidden;
  const { local, cards } = cardsFor(conversation);
  const own = cards.filter((card) => local.includes(card.id));
  $("local-help").hidden = own.length === 0;
  $("local-help-title").textContent = own.length ? t("localHelp", { line: lineName(conversation.line) }) : "";
  $("local-referral-cards").replaceChildren(...own.map(cardItem));
  $("referral-cards").replaceChildren(...cards.filter((card) => !local.includes(card.id)).map(cardItem));
}

function cardsFor(conversation) {
  const line = conversation?.line;
  if (!line) return { local: [], cards: state.referrals };
  const known = state.lineReferrals.get(line);
  if (!known) state.lineReferrals.set(line, loadLineReferrals(line));
  return known && !(known instanceof Promise) ? known : { local: [], cards: [] };
}

// Asked once per line. Unreadable: every card, as before lines (the conversation refuses another region's card).
async function loadLineReferrals(line) {
  let answer = null;
  try {
    const response = await fetch(`/api/lines/${encodeURIComponent(line)}/referrals`);
    if (response.ok) answer = await response.json();
  } catch {
    // Offline for a moment: the fallback below.
  }
  state.lineReferrals.set(line, answer ?? { local: [], cards: state.referrals });
  changed("chat");
}

function cardItem(card) {
  const item = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "referral-card";
  button.dataset.referralId = card.id;
  button.textContent = `📞 ${card[conversationLanguage(language)]}`;
  button.addEventListener("click", () => sendReferral(card.id));
  item.append(button);
  return item;
}

async function sendReferral(referralId) {
  clearError($("tools-error"));
  try {
    await state.connection.invoke("SendReferral", state.selected, referralId);
  } catch (error) {
    showError(error, $("tools-error"));
  }
}
