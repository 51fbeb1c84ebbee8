// How the console words the server's ids: reasons, statuses (queues and times: common.js). Never a raw id on the page.
import { t, clockTime } from "../common.js";

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
