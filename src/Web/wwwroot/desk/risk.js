// Risk that cannot be missed: at R3 and R4 the list line and the open chat carry colour, an icon and words; a raise
// to either plays the risk sound; at R4 the side panel shows the emergency steps with the local numbers to call,
// and the conversation stays where it is.
import { t, language } from "../common.js";
import { $, state, on, changed, selectedConversation } from "./store.js";
import { play } from "./sound.js";

const MARKS = { R3: "⚠", R4: "🚨" };

/** The list's mark for a high risk level (icon and words, not colour alone), or null below R3. */
export function riskMark(level) {
  if (!MARKS[level]) return null;
  const mark = document.createElement("span");
  mark.className = `risk-mark risk-${level}`;
  const icon = document.createElement("span");
  icon.setAttribute("aria-hidden", "true");
  icon.textContent = `${MARKS[level]} `;
  mark.append(icon, t(level));
  return mark;
}

export function initRisk() {
  on("chat", render);
}

/** RiskChanged: the server raised a held conversation's level (screening never lowers it). */
export function riskChanged({ conversationId, riskLevel }) {
  const conversation = state.conversations.get(conversationId);
  if (!conversation || conversation.riskLevel === riskLevel) return;
  conversation.riskLevel = riskLevel;
  if (MARKS[riskLevel]) play("risk");
  if (state.selected !== conversationId) conversation.unread = true;
  changed("chat", "list");
}

function render() {
  const level = selectedConversation()?.riskLevel;
  const high = Boolean(MARKS[level]);
  $("chat").classList.toggle("risk-R3", level === "R3");
  $("chat").classList.toggle("risk-R4", level === "R4");
  $("risk-banner").hidden = !high;
  $("risk-banner").className = `risk-banner risk-${level}`;
  $("risk-banner-icon").textContent = high ? MARKS[level] : "";
  $("risk-banner-text").textContent = high ? t(level === "R4" ? "riskBannerR4" : "riskBannerR3") : "";
  $("emergency-card").hidden = level !== "R4";
  $("emergency-lines").replaceChildren(...state.emergency.map(emergencyLine));
}

// The catalogue's lines begin with their number ("110 报警"); a line with no number of its own stays plain text.
function emergencyLine(line) {
  const item = document.createElement("li");
  const number = /^\d{3,}/.exec(line[language])?.[0];
  if (number) {
    const link = document.createElement("a");
    link.href = `tel:${number}`;
    link.textContent = line[language];
    item.append(link);
  } else {
    item.textContent = line[language];
  }
  return item;
}
