// Quick exit, safe both ways: the page goes at once, and the conversation stays open a short while for this device.
// The token moves from this tab to the device (localStorage) until then, so the worker can come back to it from a
// new tab; the page asks before showing anything of it.

const HURRY_KEY = "hotline.leftInHurry";
const AWAY = "https://www.weather.com.cn/";

/** Leaves now. With an open conversation, its token is kept on this device until resumeSeconds have passed. */
export function leaveNow({ token, resumeSeconds, tellServer }) {
  if (token) {
    localStorage.setItem(HURRY_KEY, JSON.stringify({ token, until: Date.now() + resumeSeconds * 1000 }));
    tellServer();
  }
  location.replace(AWAY);
}

/** The token of a conversation left in a hurry on this device, while it may still be resumed; an expired one is forgotten. */
export function leftInHurry() {
  let kept = null;
  try {
    kept = JSON.parse(localStorage.getItem(HURRY_KEY) ?? "null");
  } catch {
    kept = null;
  }
  if (kept?.token && kept.until > Date.now()) return kept.token;
  forgetHurry();
  return null;
}

export function forgetHurry() {
  localStorage.removeItem(HURRY_KEY);
}

/**
 * Esc leaves only when the page itself has focus: not while typing in a field, nor when a control, a dialog or
 * anything else on the page has used the key.
 */
export function leaveOnEscape(leave) {
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.defaultPrevented || event.isComposing) return;
    if (event.target !== document.body && event.target !== document.documentElement) return;
    if (document.querySelector("dialog[open]")) return;
    leave();
  });
}
