// The privacy notice before the first message: what is kept and for how long (the server's own retention setting),
// who reads it, risk screening, the limits of confidentiality, and an "I agree" without which no chat starts. StartChat
// carries the version of the notice shown here; the server refuses any other, so a page that shows old words cannot
// start a chat on them.
import { t, language, getJson, onLanguageChange } from "../common.js";

// Change with PrivacyNotice.Version on the server, and with the words in words/<lang>/notice.js.
export const NOTICE_VERSION = "2026-12-02";

const facts = { retentionDays: 1095 };

/** How long records are kept, as people say it: whole years when it is whole years. */
export function keptFor(days) {
  const years = days % 365 === 0 ? days / 365 : null;
  if (language === "en") return years ? `${years} year${years === 1 ? "" : "s"}` : `${days} day${days === 1 ? "" : "s"}`;
  return years ? `${years} 年` : `${days} 天`;
}

/** The short notice on the worker page: its period filled from the server, an agreement that enables `start`. */
export async function showNotice({ period, agree, start }) {
  const draw = () => { period.textContent = t("noticeKept", { period: keptFor(facts.retentionDays) }); };
  onLanguageChange(draw);
  agree.addEventListener("change", () => { start.disabled = !agree.checked; });
  start.disabled = !agree.checked;
  draw();
  Object.assign(facts, await getJson("/api/privacy", {}));
  draw();
}

/** The version to send with StartChat: the one shown, once agreed to; null before. */
export function consentVersion(agree) {
  return agree.checked ? NOTICE_VERSION : null;
}
