// Offers: each a prominent card with who is waiting, a countdown to the moment it goes to the next counsellor, and
// Accept / Decline. A new one sounds a tone (switchable) and flashes the tab's title until the page is looked at.
import { t, topicName, lineName, showError, clearError } from "../common.js";
import { $, state, on, changed, asBackup } from "./store.js";
import { track, select, repair } from "./conversations.js";
import { play } from "./sound.js";

let flashing = null;

export function initOffers() {
  on("offers", render);
  setInterval(tick, 1000);
}

/** OfferReceived. The same offer can arrive twice around a reconnect; it is one card. */
export function addOffer(offer) {
  const isNew = !state.offers.has(offer.offerId);
  // The server says when it sent the offer: what is left is measured on its clock, then counted down on this one.
  const left = Date.parse(offer.expiresAt) - Date.parse(offer.sentAt ?? new Date().toISOString());
  const known = state.offers.get(offer.offerId);
  state.offers.set(offer.offerId, { ...offer, endsAt: known?.endsAt ?? Date.now() + left, seconds: known?.seconds ?? Math.max(1, Math.ceil(left / 1000)) });
  changed("offers");
  if (isNew) announce();
}

export function removeOffer(offerId) {
  if (state.offers.delete(offerId)) changed("offers");
}

function announce() {
  play("offer");
  if (flashing) return;
  const title = document.title;
  let on = false;
  flashing = setInterval(() => {
    on = !on;
    document.title = on ? t("offerFlash") : title;
    if (document.hasFocus() && state.offers.size === 0) {
      clearInterval(flashing);
      flashing = null;
      document.title = title;
    }
  }, 1000);
}

function secondsLeft(offer) {
  return Math.max(0, Math.ceil((offer.endsAt - Date.now()) / 1000));
}

// Only the countdowns move each second; the cards stay as they are (a click on a redrawn button would be lost).
function tick() {
  for (const card of $("offers").querySelectorAll(".offer")) {
    const offer = state.offers.get(card.dataset.offerId);
    if (offer) showCountdown(card, offer);
  }
}

function showCountdown(card, offer) {
  const seconds = secondsLeft(offer);
  card.querySelector(".offer-countdown-text").textContent = seconds > 0 ? t("offerCountdown", { seconds }) : t("offerExpiring");
  card.querySelector(".offer-countdown").value = seconds;
}

export function render() {
  $("offers").replaceChildren(...[...state.offers.values()].map(card));
  $("offers-area").hidden = state.offers.size === 0;
}

function card(offer) {
  const item = document.createElement("li");
  item.className = `offer risk-${offer.riskLevel}`;
  item.dataset.offerId = offer.offerId;
  const title = document.createElement("strong");
  title.textContent = topicName(state.topics, offer.topic);
  const details = document.createElement("span");
  details.className = "offer-details";
  const channel = offer.channel && offer.channel !== "web" ? `${t(offer.channel === "voice" ? "channelVoice" : "channelSms")} · ` : "";
  details.textContent = `${channel}${t("risk", { risk: t(offer.riskLevel) })} · ${t("waited", { seconds: offer.waitedSeconds })}`;
  const backup = document.createElement("p");
  backup.className = "offer-backup";
  backup.hidden = !asBackup(offer);
  backup.textContent = asBackup(offer) ? t("backupFor", { line: lineName(offer.line) }) : "";
  const preview = document.createElement("p");
  preview.className = "preview";
  preview.textContent = offer.preview;
  const note = document.createElement("p");
  note.className = "note";
  note.textContent = offer.note ? t("transferredNote", { note: offer.note }) : "";
  const countdownText = document.createElement("span");
  countdownText.className = "offer-countdown-text";
  const countdown = document.createElement("progress");
  countdown.className = "offer-countdown";
  countdown.max = offer.seconds;
  countdown.setAttribute("aria-label", t("offerTimeLeft"));
  const error = document.createElement("p");
  error.className = "inline-error offer-error";
  error.setAttribute("role", "alert");
  const accept = document.createElement("button");
  accept.type = "button";
  accept.className = "accept-offer primary";
  accept.textContent = t("accept");
  accept.addEventListener("click", () => acceptOffer(offer.offerId, error));
  const decline = document.createElement("button");
  decline.type = "button";
  decline.className = "decline-offer";
  decline.textContent = t("decline");
  decline.addEventListener("click", () => {
    clearError(error);
    state.connection.invoke("DeclineOffer", offer.offerId).then(() => removeOffer(offer.offerId), (failure) => showError(failure, error));
  });
  const actions = document.createElement("div");
  actions.className = "offer-actions";
  actions.append(accept, decline);
  item.append(title, details, backup, preview, note, countdownText, countdown, actions, error);
  showCountdown(item, offer);
  return item;
}

// The worker may write while the Accept is on its way back: those messages are kept until the conversation is tracked.
// A refused Accept (the offer went to someone else meanwhile) is said where the offers are, since its card goes.
async function acceptOffer(offerId, error) {
  clearError(error);
  state.accepting++;
  try {
    const view = await state.connection.invoke("AcceptOffer", offerId);
    removeOffer(offerId);
    const conversation = track(view);
    select(view.conversationId);
    await repair(conversation);
  } catch (failure) {
    removeOffer(offerId);
    showError(failure, $("offers-error"));
  } finally {
    if (--state.accepting === 0) state.early.clear();
  }
}
