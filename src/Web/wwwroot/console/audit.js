// The audit log's newest entries, read from its newest day segments back, and whether their HMAC chain holds up to
// the newest entry (the whole archive is checked by the `audit verify` command); actions in the page's words.
import { t, dateTime } from "../common.js";
import { store, watch, changed, $ } from "./store.js";
import { table } from "./table.js";

export function initAudit() {
  watch(["audit"], renderAudit);
}

export async function loadAudit(connection) {
  store.audit = await connection.invoke("GetAuditLog", 100);
  changed("audit");
}

function actionName(action) {
  const key = `auditAction.${action}`;
  return t(key) === key ? action : t(key);
}

// The hotline itself acts under a few fixed names (its configuration, retention); a person's user name is data.
function actorName(actor) {
  const key = `auditActor.${actor}`;
  return t(key) === key ? actor : t(key);
}

function renderAudit() {
  const audit = store.audit;
  if (!audit) return;
  $("audit-state").textContent = audit.intact ? t("auditIntact", { shown: audit.entries.length, total: audit.total }) : t("auditBroken", { index: audit.firstBroken });
  $("audit-state").className = audit.intact ? "" : "error";
  table("audit", ["whenCol", "whoCol", "actionCol", "subjectCol"], audit.entries.map(({ entry }) =>
    [dateTime(entry.at), actorName(entry.actor), actionName(entry.action), entry.subject ?? entry.conversationId.slice(0, 8)]));
}
