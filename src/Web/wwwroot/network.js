// The network console for supervisors and admins: every line the reader covers, with its live load and today's
// figures (GET /api/network), as a sortable table and a chart, refreshed every 15 s and by the Refresh button.
import { t, initLanguage, clockTime, staffFetch, showError, clearError, signInFromForm, signOut } from "./common.js";
import { renderTable, sorted } from "./network/table.js";
import { renderChart } from "./network/chart.js";

// The supervisor page's token: a supervisor who follows the link is already signed in.
const TOKEN_KEY = "hotline.supervisorToken";
const REFRESH_MS = 15_000;
const $ = (id) => document.getElementById(id);

let network = null;
let refreshing = null;

async function load() {
  try {
    network = await staffFetch("/api/network", TOKEN_KEY);
    clearError();
    render();
  } catch (error) {
    if (error.status === 401 || error.status === 403) signedOut();
    showError(error);
  }
}

function render() {
  if (!network) return;
  $("network-at").textContent = t("networkAt", { time: clockTime(network.at) });
  $("network-empty").hidden = network.lines.length > 0;
  const lines = sorted(network.lines);
  renderTable($("network-table"), lines, render);
  renderChart($("network-chart"), lines);
}

function signedOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  clearInterval(refreshing);
  $("network-panel").hidden = true;
  $("login-panel").hidden = false;
}

async function start() {
  $("login-panel").hidden = true;
  $("network-panel").hidden = false;
  clearInterval(refreshing);
  refreshing = setInterval(load, REFRESH_MS);
  await load();
}

$("sign-out").addEventListener("click", () => signOut(TOKEN_KEY));
$("login-panel").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (await signInFromForm(TOKEN_KEY)) await start();
});
$("network-refresh").addEventListener("click", load);

initLanguage(render);

if (sessionStorage.getItem(TOKEN_KEY)) start();
else $("login-panel").hidden = false;
