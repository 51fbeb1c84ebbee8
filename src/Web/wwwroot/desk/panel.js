// The side panel: tabs, so that nothing it holds pushes the composer away. The wrap-up tab opens by itself when a
// chat ends; the wrap-up and transfer tabs are there only when they apply to the open chat.
import { $, on, selectedConversation } from "./store.js";

const TABS = ["context", "replies", "wrapup", "transfer", "shifts"];
let shown = "context";

export function initPanel() {
  for (const name of TABS) $(`tab-${name}`).addEventListener("click", () => show(name));
  $("panel-tabs").addEventListener("keydown", moveByArrow);
  on("chat", follow);
  show(shown);
}

export function show(name) {
  shown = name;
  for (const tab of TABS) {
    const selected = tab === name;
    $(`tab-${tab}`).setAttribute("aria-selected", String(selected));
    $(`tab-${tab}`).tabIndex = selected ? 0 : -1;
    $(`panel-${tab}`).hidden = !selected;
  }
}

function follow() {
  const status = selectedConversation()?.status;
  $("tab-wrapup").hidden = status !== "WrapUp";
  $("tab-transfer").hidden = status !== "Active";
  if (status === "WrapUp" && shown !== "wrapup") show("wrapup");
  else if ($(`tab-${shown}`).hidden) show("context");
}

// The tab list's own keys (WAI-ARIA tabs): ← and → move between the tabs shown.
function moveByArrow(event) {
  if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
  const visible = TABS.filter((name) => !$(`tab-${name}`).hidden);
  const next = visible[(visible.indexOf(shown) + (event.key === "ArrowRight" ? 1 : -1) + visible.length) % visible.length];
  show(next);
  $(`tab-${next}`).focus();
}
