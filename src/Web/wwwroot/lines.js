// The network admins' page of lines: the network as a tree (GET /api/admin/lines), and a form to add a line (a city
// under its province, say) or change one (PUT /api/admin/lines/{id}). Every host has the change within seconds.
import { t, initLanguage, staffFetch, showError, clearError, signInFromForm, signOut, fillSelect } from "./common.js";
import { renderTree, nameOf } from "./lines/tree.js";
import { fillForm, readForm } from "./lines/form.js";

// The supervisor page's token: an admin who follows its link is already signed in.
const TOKEN_KEY = "hotline.supervisorToken";
const $ = (id) => document.getElementById(id);

let network = null;
// The line the form edits (null: a new line).
let editing = null;

async function load() {
  try {
    network = await staffFetch("/api/admin/lines", TOKEN_KEY);
    clearError();
    render();
  } catch (error) {
    if (error.status === 401) signedOut();
    showError(error);
  }
}

function render() {
  if (!network) return;
  renderTree($("line-tree"), network.lines, { onEdit: edit, onAddUnder: addUnder });
  const parents = [{ id: "", label: t("lineNoParent") }, ...network.lines.filter((line) => line.id !== editing).map((line) => ({ id: line.id, label: `${nameOf(line)} (${line.id})` }))];
  fillSelect($("line-parent"), parents, (entry) => entry.label);
  $("line-form-title").textContent = editing ? t("lineEditTitle", { line: editing }) : t("lineAddTitle");
}

function edit(line) {
  editing = line.id;
  render();
  fillForm(line, { editing: true });
  clearError("line-form-error");
  $("line-saved").hidden = true;
  $("line-zh").focus();
}

function addUnder(parent) {
  editing = null;
  render();
  fillForm({ parent: parent.id, timeZone: parent.timeZone }, { editing: false });
  clearError("line-form-error");
  $("line-saved").hidden = true;
  $("line-id").focus();
}

async function save(event) {
  event.preventDefault();
  clearError("line-form-error");
  $("line-saved").hidden = true;
  const line = readForm();
  if (!line.id) {
    showError(Object.assign(new Error(""), { code: "line.bad-id", params: { line: "" } }), "line-form-error");
    return;
  }
  try {
    const saved = await staffFetch(`/api/admin/lines/${encodeURIComponent(line.id)}`, TOKEN_KEY, { method: "PUT", body: JSON.stringify(line) });
    $("line-saved").textContent = t("lineSaved", { line: nameOf(saved) });
    $("line-saved").hidden = false;
    editing = saved.id;
    await load();
    fillForm(saved, { editing: true });
  } catch (error) {
    if (error.status === 401) signedOut();
    showError(error, "line-form-error");
  }
}

function signedOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  $("lines-panel").hidden = true;
  $("login-panel").hidden = false;
}

async function start() {
  $("login-panel").hidden = true;
  $("lines-panel").hidden = false;
  await load();
  if (network) addUnder(network.lines.find((line) => !line.parent) ?? {});
}

$("sign-out").addEventListener("click", () => signOut(TOKEN_KEY));
$("login-panel").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (await signInFromForm(TOKEN_KEY)) await start();
});
$("line-form").addEventListener("submit", save);
$("line-new").addEventListener("click", () => addUnder(network?.lines.find((line) => !line.parent) ?? {}));

initLanguage(render);

if (sessionStorage.getItem(TOKEN_KEY)) start();
else $("login-panel").hidden = false;
