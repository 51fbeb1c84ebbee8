// How the console words the server's ids: queues, times, reasons, statuses. Never a raw id on the page.
import { t } from "../common.js";

/** A queue is "<group>.<language>" (seeds/queues.json), or "general". */
export function queueName(queue) {
  if (!queue) return "";
  const [group, queueLanguage] = queue.split(".");
  const groupName = t(`queueGroup.${group}`);
  return queueLanguage ? t("queueOf", { group: groupName, language: t(`queueLanguage.${queueLanguage}`) }) : groupName;
}

export function clockTime(iso) {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** An alert's reason code (AlertReasons in src/Contracts), with its parameters, in the page's language. */
export function alertReason(alert) {
  const key = `alertReason.${alert.reason}`;
  const params = alert.params ?? {};
  const worded = t(key, { ...params, until: params.until ? clockTime(params.until) : "", phrase: alert.trigger?.phrase ?? "" });
  // An alert stored before reasons were codes carries an English sentence: it says only that it is an alert.
  return worded === key ? t("alertReason.other") : worded;
}

export function statusName(status) {
  return t(`conversationStatus.${status}`);
}

export function endReasonName(reason) {
  const key = `endReason.${reason}`;
  const worded = t(key);
  return worded === key ? t("endReason.other") : worded;
}
