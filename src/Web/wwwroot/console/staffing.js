// Who is on shift by the rota but offline, from the rota and the live presence. Said plainly: nobody on shift,
// everyone on shift online, or who is missing.
import { t, staffFetch, showError } from "../common.js";
import { store, watch, changed, $ } from "./store.js";

// Shifts change by the minute: the rota is asked again each minute.
const ROTA_MS = 60_000;

export function initStaffing(tokenKey) {
  watch(["onShift", "stats"], renderOnShiftOffline);
  setInterval(() => { if (store.connection) loadOnShift(tokenKey); }, ROTA_MS);
}

export async function loadOnShift(tokenKey) {
  try {
    store.onShift = await staffFetch("/api/rota/now", tokenKey);
  } catch (error) {
    showError(error, $("on-shift-offline"));
  }
  changed("onShift");
}

function renderOnShiftOffline() {
  const counselors = new Map((store.stats?.counselors ?? []).map((c) => [c.counselorId, c]));
  // A counsellor who never connected since the start has no live figures: offline too.
  const missing = store.onShift.filter((shift) => (counselors.get(shift.counselorId)?.presence ?? "Offline") === "Offline");
  const items = missing.map((shift) => {
    const item = document.createElement("li");
    item.className = "offline";
    item.dataset.counselorId = shift.counselorId;
    item.textContent = `${counselors.get(shift.counselorId)?.displayName ?? shift.counselorId} · ${shift.start}–${shift.end}`;
    return item;
  });
  if (items.length === 0) {
    const none = document.createElement("li");
    none.className = "none";
    none.textContent = t(store.onShift.length === 0 ? "nobodyOnShift" : "nobodyMissing");
    items.push(none);
  }
  $("on-shift-offline").replaceChildren(...items);
}
