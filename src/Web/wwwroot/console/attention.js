// A new alert is heard and seen: a two-tone sound (switchable, remembered on this browser) and the tab's title
// alternating with "new alert" until the supervisor acknowledges or opens every new alert.
import { t } from "../common.js";
import { $ } from "./store.js";

const SOUND_KEY = "hotline.alertSound";
const FLASH_MS = 1000;

// Alert ids not yet acknowledged or opened since they were raised (or escalated).
const unseen = new Set();
let flashTimer = null;
let flashOn = false;
let audio = null;

export function soundOn() {
  return localStorage.getItem(SOUND_KEY) !== "off";
}

export function initAttention() {
  const toggle = $("alert-sound");
  toggle.checked = soundOn();
  toggle.addEventListener("change", () => localStorage.setItem(SOUND_KEY, toggle.checked ? "on" : "off"));
  // Browsers start audio only after a gesture on the page: any click readies it for the next alert.
  document.addEventListener("click", () => audioContext()?.resume(), { once: true });
}

/** A new or escalated alert: sound once, flash the title until it is seen. */
export function alertArrived(alertId) {
  unseen.add(alertId);
  if (soundOn()) beep();
  if (!flashTimer) flashTimer = setInterval(flash, FLASH_MS);
  flash();
}

/** The supervisor acknowledged or opened these alerts (or another supervisor acknowledged them). */
export function alertsSeen(alertIds) {
  for (const id of alertIds) unseen.delete(id);
  if (unseen.size > 0 || !flashTimer) return;
  clearInterval(flashTimer);
  flashTimer = null;
  flashOn = false;
  document.title = baseTitle();
}

function baseTitle() {
  return `${t("supervisorTitle")} · Hotline`;
}

function flash() {
  flashOn = !flashOn;
  document.title = flashOn ? t("alertTitleFlash", { count: unseen.size }) : baseTitle();
}

function audioContext() {
  if (!audio && typeof AudioContext !== "undefined") audio = new AudioContext();
  return audio;
}

function beep() {
  const context = audioContext();
  if (!context) return;
  const start = context.currentTime;
  for (const [offset, frequency] of [[0, 880], [0.22, 660]]) {
    const tone = context.createOscillator();
    const gain = context.createGain();
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.2, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.001, start + offset + 0.2);
    tone.connect(gain).connect(context.destination);
    tone.start(start + offset);
    tone.stop(start + offset + 0.2);
  }
  // What the page has sounded, for whoever checks the switch works (the browser tests do).
  const list = $("alerts");
  list.dataset.sounded = String(Number(list.dataset.sounded ?? 0) + 1);
}
