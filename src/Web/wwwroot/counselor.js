// The counsellor's desk: sign in, set presence, take offers, hold several chats, write each wrap-up. This file
// joins the hub to the desk's modules (desk/); each module draws its own part from the store (desk/store.js).
import { t, initLanguage, getJson, loadTopics, loadLines, showError, signInFromForm, signOut } from "./common.js";
import { staffConnection, startStaffConnection, watchConnection, backToSignIn, onCatchUp } from "./connection.js";
import { $, state, changed, TOKEN_KEY } from "./desk/store.js";
import { track, receive, resync, repair, checkHeads, ended } from "./desk/conversations.js";
import { initOffers, addOffer, removeOffer } from "./desk/offers.js";
import { initList, workerTyping } from "./desk/list.js";
import { initChat } from "./desk/chat.js";
import { initRisk, riskChanged } from "./desk/risk.js";
import { initPanel } from "./desk/panel.js";
import { initContext } from "./desk/context.js";
import { initTools, loadCannedReplies, fillCannedReplies } from "./desk/tools.js";
import { initWrapUp, fillWrapUpPickers } from "./desk/wrapup.js";
import { initTransfer, fillTransferPicker } from "./desk/transfer.js";
import { initShifts, restorePresence, presenceChanged, renderPresence, loadMyShifts, renderMyShifts, renderFollowUps } from "./desk/shifts.js";
import { initSoundSwitches } from "./desk/sound.js";
import { workerLeftInHurry, workerReturned } from "./desk/hurry.js";

// How often each active chat is asked for anything after its last message: finds a lost last message.
const HEAD_CHECK_MS = 10_000;

async function login(event) {
  event.preventDefault();
  if (await signInFromForm(TOKEN_KEY)) await connect();
}

async function connect() {
  const connection = state.connection = staffConnection("/hubs/counselor", TOKEN_KEY);
  connection.on("OfferReceived", addOffer);
  connection.on("OfferWithdrawn", ({ offerId }) => removeOffer(offerId));
  connection.on("MessageReceived", receive);
  // This page's web node may have missed events (its Redis subscription came back): check soon, not at the next period.
  onCatchUp(connection, checkHeads);
  connection.on("WorkerTyping", ({ conversationId }) => workerTyping(conversationId));
  connection.on("MessageNotDelivered", ({ conversationId, seq }) => {
    const conversation = state.conversations.get(conversationId);
    if (!conversation) return;
    conversation.feed.note(() => t("notDelivered", { seq }));
    if (state.selected !== conversationId) conversation.unread = true;
    changed("transcript", "list");
  });
  connection.on("ConversationEnded", ({ conversationId, reason }) => ended(conversationId, reason));
  connection.on("WorkerLeftInHurry", workerLeftInHurry);
  connection.on("WorkerReturned", workerReturned);
  connection.on("ConversationAssigned", (view) => {
    const conversation = track(view);
    if (state.selected !== view.conversationId) conversation.unread = true;
    changed("list");
    repair(conversation);
  });
  connection.on("RiskChanged", riskChanged);
  connection.on("WhisperReceived", (whisper) => {
    const conversation = state.conversations.get(whisper.conversationId);
    if (!conversation) return;
    // A whisper is shown only here, marked as the supervisor's; it is never part of the worker's transcript.
    conversation.feed.note(`${whisper.supervisorName}: ${whisper.text}`, "whisper");
    if (state.selected !== whisper.conversationId) conversation.unread = true;
    changed("transcript", "list");
  });
  connection.on("PresenceChanged", ({ presence }) => {
    presenceChanged(presence);
    showError(t("setAway"));
  });
  // After a network blip: the same presence as before, and anything missed from the conversations themselves.
  watchConnection(connection, { onBack: restore, onRefused: (error) => backToSignIn(TOKEN_KEY, error) });
  if (await startStaffConnection(connection, TOKEN_KEY, "desk")) {
    await restore();
    await loadCannedReplies();
    setInterval(checkHeads, HEAD_CHECK_MS);
  }
}

async function restore() {
  try {
    await resync();
    await renderFollowUps();
    await loadMyShifts();
    await restorePresence();
  } catch (error) {
    showError(error);
  }
}

function fillPickers() {
  fillWrapUpPickers();
  fillTransferPicker();
}

$("login-panel").addEventListener("submit", login);
$("sign-out").addEventListener("click", () => signOut(TOKEN_KEY));
initSoundSwitches();
initOffers();
initList();
initChat();
initRisk();
initPanel();
initContext();
initTools();
initWrapUp();
initTransfer();
initShifts();

initLanguage(() => {
  fillPickers();
  fillCannedReplies();
  if (state.connection) {
    renderMyShifts();
    renderPresence();
    renderFollowUps().catch(() => {});
  }
  changed("offers", "list", "chat", "transcript");
});

(async () => {
  [state.topics, state.actions, state.queues, state.emergency, state.referrals] = await Promise.all([
    loadTopics(), getJson("/api/actions"), getJson("/api/queues"), getJson("/api/emergency"), getJson("/api/referrals"), loadLines(),
  ]);
  fillPickers();
  changed("chat");
  if (sessionStorage.getItem(TOKEN_KEY)) await connect();
  else $("login-panel").hidden = false;
})();
