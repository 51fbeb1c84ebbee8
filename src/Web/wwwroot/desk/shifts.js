// The counsellor's own things beside the chats: presence (in the header), their next shifts and their follow-ups.
import { t, staffFetch, shiftLine, followUpLine, showError, clearError } from "../common.js";
import { $, state, TOKEN_KEY } from "./store.js";

const PRESENCE_KEY = "hotline.presence";

export function initShifts() {
  for (const button of document.querySelectorAll("[data-presence]")) {
    button.addEventListener("click", () => {
      clearError($("presence-error"));
      setPresence(button.dataset.presence);
    });
  }
}

/** Only a presence the counsellor chose before (this tab, before a reload or a network blip) is sent again. */
export async function restorePresence() {
  const chosen = sessionStorage.getItem(PRESENCE_KEY);
  if (chosen) await setPresence(chosen);
  else renderPresence();
}

async function setPresence(presence) {
  try {
    await state.connection.invoke("SetPresence", presence);
    presenceChanged(presence);
  } catch (error) {
    showError(error, $("presence-error"));
  }
}

/** Set here or by the server (missed offers in a row set a counsellor Away). */
export function presenceChanged(presence) {
  state.presence = presence;
  sessionStorage.setItem(PRESENCE_KEY, presence);
  renderPresence();
}

export function renderPresence() {
  $("presence-current").textContent = t("presence", { presence: t(state.presence) });
  for (const button of document.querySelectorAll("[data-presence]")) {
    button.classList.toggle("active", button.dataset.presence === state.presence);
    button.setAttribute("aria-pressed", String(button.dataset.presence === state.presence));
  }
}

// The shifts are a reminder, not the desk: if the rota cannot be read, the desk works on without them.
export async function loadMyShifts() {
  try {
    state.myShifts = await staffFetch("/api/rota/mine", TOKEN_KEY);
  } catch (error) {
    showError(error, $("shifts-error"));
  }
  renderMyShifts();
}

export function renderMyShifts() {
  const items = state.myShifts.map((shift) => {
    const item = document.createElement("li");
    item.textContent = shiftLine(shift);
    return item;
  });
  if (items.length === 0) {
    items.push(document.createElement("li"));
    items[0].textContent = t("noShifts");
  }
  $("my-shifts").replaceChildren(...items);
}

export async function renderFollowUps() {
  const tasks = await state.connection.invoke("GetMyFollowUps");
  $("follow-ups").replaceChildren(...tasks.map((task) => {
    const item = document.createElement("li");
    item.textContent = followUpLine(task);
    const done = document.createElement("button");
    done.type = "button";
    done.className = "complete-follow-up";
    done.textContent = t("done");
    done.addEventListener("click", () => {
      clearError($("shifts-error"));
      state.connection.invoke("CompleteFollowUp", task.taskId).then(renderFollowUps, (error) => showError(error, $("shifts-error")));
    });
    item.append(" ", done);
    return item;
  }));
  $("follow-ups-count").textContent = tasks.length ? String(tasks.length) : "";
}
