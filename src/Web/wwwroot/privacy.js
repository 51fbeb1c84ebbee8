// The full privacy notice (/privacy): the same facts as the worker page's short notice, in full, in the chosen
// language; the period is the server's own retention setting.
import { t, initLanguage, getJson } from "./common.js";
import { NOTICE_VERSION, keptFor } from "./chat/notice.js";
import { leaveNow, leaveOnEscape } from "./chat/quick-exit.js";

const facts = { retentionDays: 1095 };

function draw() {
  document.getElementById("privacy-how-long").textContent = t("privacyHowLong", { period: keptFor(facts.retentionDays) });
  document.getElementById("privacy-version").textContent = t("privacyVersion", { version: NOTICE_VERSION });
}

// Nothing of a conversation is on this page, so quick exit simply leaves.
const quickExit = () => leaveNow({ token: null });
document.getElementById("quick-exit").addEventListener("click", quickExit);
leaveOnEscape(quickExit);

initLanguage(draw);
Object.assign(facts, await getJson("/api/privacy", {}));
draw();
