// Canned replies, as counsellors will see them; a supervisor edits one by loading it into the form.
import { t, button, staffFetch, showError, clearError } from "../common.js";
import { store, watch, changed, $ } from "./store.js";

export function initCannedReplies(tokenKey) {
  watch(["cannedReplies"], () => renderCannedReplies(tokenKey));
  $("canned-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    clearError($("canned-error"));
    try {
      await staffFetch(`/api/canned-replies/${encodeURIComponent($("canned-id").value.trim())}`, tokenKey, {
        method: "PUT",
        body: JSON.stringify({ titleZh: $("canned-title-zh").value, titleEn: $("canned-title-en").value, textZh: $("canned-text-zh").value, textEn: $("canned-text-en").value }),
      });
      $("canned-form").reset();
      await loadCannedReplies(tokenKey);
    } catch (error) {
      showError(error, $("canned-error"));
    }
  });
}

export async function loadCannedReplies(tokenKey) {
  store.cannedReplies = await staffFetch("/api/canned-replies", tokenKey);
  changed("cannedReplies");
}

function renderCannedReplies(tokenKey) {
  $("canned-replies").replaceChildren(...store.cannedReplies.map((reply) => {
    const item = document.createElement("li");
    const title = document.createElement("span");
    title.textContent = `${reply.id} · ${reply.titleZh} / ${reply.titleEn}`;
    item.append(title,
      button(t("cannedEdit"), "edit-canned", () => {
        $("canned-id").value = reply.id;
        $("canned-title-zh").value = reply.titleZh;
        $("canned-text-zh").value = reply.textZh;
        $("canned-title-en").value = reply.titleEn;
        $("canned-text-en").value = reply.textEn;
        $("canned-title-zh").focus();
      }),
      button(t("cannedDelete"), "delete-canned", async () => {
        clearError($("canned-error"));
        try {
          await staffFetch(`/api/canned-replies/${encodeURIComponent(reply.id)}`, tokenKey, { method: "DELETE" });
          await loadCannedReplies(tokenKey);
        } catch (error) {
          showError(error, $("canned-error"));
        }
      }));
    return item;
  }));
}
