// The conversation list: one line per held chat with its topic, risk mark, unread mark, how long the worker has
// waited for an answer and whether they are typing. Alt+↑/↓ moves between them from anywhere on the page.
import { t, topicName } from "../common.js";
import { $, state, on } from "./store.js";
import { select, waitingSince } from "./conversations.js";
import { riskMark } from "./risk.js";

export function initList() {
  on("list", render);
  // The waiting times move on by themselves, and a typing hint fades.
  setInterval(render, 15_000);
  document.addEventListener("keydown", (event) => {
    if (!event.altKey || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) return;
    event.preventDefault();
    step(event.key === "ArrowDown" ? 1 : -1);
  });
}

/** A worker is typing: a hint, not a state, so it fades unless another one comes. */
export function workerTyping(conversationId) {
  const conversation = state.conversations.get(conversationId);
  if (!conversation) return;
  conversation.typingUntil = Date.now() + 5000;
  render();
  setTimeout(render, 5100);
}

function step(by) {
  const ids = [...state.conversations.keys()];
  if (ids.length === 0) return;
  const at = ids.indexOf(state.selected);
  select(ids[(at + by + ids.length) % ids.length]);
  $("chat-input").focus();
}

export function render() {
  $("conversation-list").replaceChildren(...[...state.conversations.values()].map(line));
  $("no-conversations").hidden = state.conversations.size > 0;
}

function line(conversation) {
  const item = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.className = `conversation-tab risk-${conversation.riskLevel}`;
  button.dataset.conversationId = conversation.id;
  button.classList.toggle("selected", conversation.id === state.selected);
  button.setAttribute("aria-current", String(conversation.id === state.selected));
  const topic = document.createElement("span");
  topic.className = "topic";
  topic.textContent = topicName(state.topics, conversation.topic);
  const status = document.createElement("span");
  status.className = "status-line";
  status.textContent = conversation.status === "Active" ? t("active") : t("wrapUpDue");
  button.append(topic);
  const mark = riskMark(conversation.riskLevel);
  if (mark) button.append(mark);
  if (conversation.unread) {
    const badge = document.createElement("span");
    badge.className = "unread";
    badge.textContent = t("unread");
    button.append(badge);
  }
  button.append(status);
  // The last words said, so that chats on the same topic can be told apart at a glance.
  const last = conversation.feed.messages().at(-1);
  if (last) {
    const snippet = document.createElement("span");
    snippet.className = "snippet";
    snippet.textContent = last.text;
    button.append(snippet);
  }
  const waiting = conversation.status === "Active" ? waitingSince(conversation) : null;
  if (waiting !== null) {
    const since = document.createElement("span");
    since.className = "waiting";
    since.textContent = t("waitingFor", { minutes: Math.max(0, Math.floor((Date.now() - waiting) / 60000)) });
    button.append(since);
  }
  if (conversation.leftInHurry && conversation.status === "Active") {
    const hurry = document.createElement("span");
    hurry.className = "left-in-hurry";
    hurry.textContent = t("leftInHurry");
    button.append(hurry);
  }
  if (conversation.typingUntil > Date.now()) {
    const typing = document.createElement("span");
    typing.className = "typing";
    typing.textContent = t("typing");
    button.append(typing);
  }
  button.addEventListener("click", () => select(conversation.id));
  item.append(button);
  return item;
}
