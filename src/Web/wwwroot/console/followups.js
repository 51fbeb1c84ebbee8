// The call-backs owed after high-risk conversations, soonest due first.
import { followUpLine } from "../common.js";
import { store, watch, changed, $ } from "./store.js";

export function initFollowUps() {
  watch(["followUps"], () => $("follow-ups").replaceChildren(...store.followUps.map((task) => {
    const item = document.createElement("li");
    item.textContent = `${followUpLine(task)} · ${task.counselorId}`;
    return item;
  })));
}

export async function loadFollowUps(connection) {
  store.followUps = await connection.invoke("GetFollowUps");
  changed("followUps");
}
