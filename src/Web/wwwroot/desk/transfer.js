// Handing the open chat over: to a queue, or to a named colleague with a note for them.
import { fillSelect, showError, clearError, queueName } from "../common.js";
import { $, state } from "./store.js";

export function initTransfer() {
  $("transfer").addEventListener("submit", transfer);
}

export function fillTransferPicker() {
  fillSelect($("transfer-queue"), state.queues.map((id) => ({ id })), (queue) => queueName(queue.id));
}

async function transfer(event) {
  event.preventDefault();
  clearError($("transfer-error"));
  const counselorId = $("transfer-counselor").value.trim();
  try {
    await state.connection.invoke("TransferConversation", state.selected, {
      queue: counselorId ? null : $("transfer-queue").value,
      counselorId: counselorId || null,
      note: $("transfer-note").value || null,
    });
    $("transfer").reset();
  } catch (error) {
    showError(error, $("transfer-error"));
  }
}
