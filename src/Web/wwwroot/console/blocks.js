// Blocks: the supervisor blocks the monitored conversation's worker for a length they choose (its remembered device,
// or else its resume token), and sees every block not yet run out with when it ends, to lift it.
import { t, button, dateTime, showError, clearError } from "../common.js";
import { store, watch, changed, $ } from "./store.js";

export function initBlocks(connection) {
  watch(["blocks"], renderBlocks);
  $("block-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    clearError($("monitor-error"));
    try {
      await connection.invoke("BlockWorker", store.monitored.conversationId, {
        reason: $("block-reason").value.trim() || null,
        hours: Number($("block-length").value),
      });
      $("block-reason").value = "";
      await loadBlocks(connection);
    } catch (error) {
      showError(error, $("monitor-error"));
    }
  });
}

export async function loadBlocks(connection) {
  store.blocks = await connection.invoke("GetBlocks");
  changed("blocks");
}

function renderBlocks() {
  const blocks = store.blocks ?? [];
  $("blocks-empty").hidden = blocks.length > 0;
  $("blocks").replaceChildren(...blocks.map((block) => {
    const item = document.createElement("li");
    item.dataset.blockId = block.blockId;
    const line = document.createElement("span");
    line.textContent = t("blockLine", { until: dateTime(block.until), by: block.blockedBy, reason: block.reason ?? t("blockNoReason") });
    item.append(line, " ", button(t("blockLift"), "lift", () => lift(block.blockId)));
    return item;
  }));
}

async function lift(blockId) {
  clearError($("blocks-error"));
  try {
    await store.connection.invoke("LiftBlock", blockId);
    await loadBlocks(store.connection);
  } catch (error) {
    showError(error, $("blocks-error"));
  }
}
