// A worker who used quick exit can come back on their device until resumableUntil; till then the chat stays theirs
// and the desk says so, in the transcript and in the list, so the counsellor neither ends it nor waits blindly.
import { t, clockTime } from "../common.js";
import { state, changed } from "./store.js";

export function workerLeftInHurry({ conversationId, resumableUntil }) {
  const conversation = state.conversations.get(conversationId);
  if (!conversation) return;
  conversation.leftInHurry = true;
  conversation.feed.note(() => t("workerLeftInHurry", { until: clockTime(resumableUntil) }));
  if (state.selected !== conversationId) conversation.unread = true;
  changed("transcript", "list");
}

export function workerReturned({ conversationId }) {
  const conversation = state.conversations.get(conversationId);
  if (!conversation) return;
  conversation.leftInHurry = false;
  conversation.feed.note(() => t("workerReturned"));
  changed("transcript", "list");
}
