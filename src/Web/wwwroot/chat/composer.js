// What the worker types, counted against the limit the server enforces: a counter near it, and a text over it
// refused here, visibly and whole, never cut.
import { t, getJson } from "../common.js";

export const limits = { maxMessageLength: 4000, quickExitResumeSeconds: 180 };

export async function loadLimits() {
  Object.assign(limits, await getJson("/api/chat-limits", {}));
}

// The counter shows once a text has used this share of the limit.
const SHOW_FROM = 0.8;

export function showCount(textarea, counter) {
  const length = textarea.value.length;
  const max = limits.maxMessageLength;
  counter.hidden = length < max * SHOW_FROM;
  counter.classList.toggle("over", length > max);
  counter.textContent = length > max
    ? t("messageTooLong", { length, max, over: length - max })
    : t("charactersLeft", { left: max - length, max });
}

/** Counts as the person types. */
export function countAsTyped(textarea, counter) {
  textarea.addEventListener("input", () => showCount(textarea, counter));
}

/** True when the text may go; otherwise the counter says why, and the text stays for the person to shorten. */
export function fits(textarea, counter) {
  showCount(textarea, counter);
  if (textarea.value.length <= limits.maxMessageLength) return true;
  textarea.focus();
  return false;
}
