// The supervisor console: alerts first with the monitor beside them, then live figures, staffing, follow-ups,
// canned replies and the audit log. Each feature is a module under console/, all reading one store.
import { initLanguage, loadTopics, loadLines, showError, signInFromForm, signOut } from "./common.js";
import { staffConnection, startStaffConnection, watchConnection, backToSignIn } from "./connection.js";
import { store, $ } from "./console/store.js";
import { initAttention } from "./console/attention.js";
import { initAlerts, loadAlerts } from "./console/alerts.js";
import { initMonitor, monitorAgain } from "./console/monitor.js";
import { initFigures, loadFigures } from "./console/figures.js";
import { initStaffing, loadOnShift } from "./console/staffing.js";
import { initFollowUps, loadFollowUps } from "./console/followups.js";
import { initAudit, loadAudit } from "./console/audit.js";
import { initCannedReplies, loadCannedReplies } from "./console/canned.js";
import { initBlocks, loadBlocks } from "./console/blocks.js";

const TOKEN_KEY = "hotline.supervisorToken";

async function connect() {
  const connection = store.connection = staffConnection("/hubs/supervisor", TOKEN_KEY);
  initAlerts(connection);
  initMonitor(connection);
  initFigures(connection);
  initBlocks(connection);
  // Back from a network blip: everything again, and the conversation watched (the group is per connection).
  watchConnection(connection, {
    onBack: async () => {
      await refresh();
      await monitorAgain();
    },
    onRefused: (error) => backToSignIn(TOKEN_KEY, error),
  });
  if (await startStaffConnection(connection, TOKEN_KEY, "board")) await refresh();
}

async function refresh() {
  const connection = store.connection;
  try {
    await loadFigures(connection);
    await loadAlerts(connection);
    await loadOnShift(TOKEN_KEY);
    await loadAudit(connection);
    await loadCannedReplies(TOKEN_KEY);
    await loadFollowUps(connection);
    await loadBlocks(connection);
  } catch (error) {
    showError(error);
  }
}

$("sign-out").addEventListener("click", () => signOut(TOKEN_KEY));
$("login-panel").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (await signInFromForm(TOKEN_KEY)) await connect();
});

initLanguage();
initAttention();
initStaffing(TOKEN_KEY);
initFollowUps();
initAudit();
initCannedReplies(TOKEN_KEY);

(async () => {
  [store.topics] = await Promise.all([loadTopics(), loadLines()]);
  if (sessionStorage.getItem(TOKEN_KEY)) await connect();
  else $("login-panel").hidden = false;
})();
