// A refusal or failure is said beside the action that failed, not at the foot of the page.
import { refusalText } from "../common.js";

export function sayAt(where, error) {
  where.textContent = refusalText(error);
}

export function clearAt(where) {
  where.textContent = "";
}
