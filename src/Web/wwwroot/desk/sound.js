// The desk's two sounds, each with a switch the browser remembers: a soft tone for a new offer, and a distinct,
// insistent one when a held chat's risk rises to R3 or R4.
import { $ } from "./store.js";

const SWITCHES = { offer: ["offer-sound", "hotline.offerSound"], risk: ["risk-sound", "hotline.riskSound"] };
// [frequency Hz, start s, length s]: one low tone for an offer; three high alternating beeps for risk.
const TONES = {
  offer: [[660, 0, 0.25]],
  risk: [[988, 0, 0.18], [740, 0.22, 0.18], [988, 0.44, 0.18]],
};
let audio = null;

export function initSoundSwitches() {
  for (const [id, key] of Object.values(SWITCHES)) {
    $(id).checked = localStorage.getItem(key) !== "off";
    $(id).addEventListener("change", () => localStorage.setItem(key, $(id).checked ? "on" : "off"));
  }
}

export function play(kind) {
  if (!$(SWITCHES[kind][0]).checked) return;
  try {
    audio ??= new AudioContext();
    // Made before any click, the context waits for one (the browser's autoplay rule); the desk has had clicks by now.
    if (audio.state === "suspended") audio.resume().catch(() => {});
    for (const [frequency, start, length] of TONES[kind]) {
      const tone = audio.createOscillator();
      tone.type = kind === "risk" ? "square" : "sine";
      tone.frequency.value = frequency;
      tone.connect(audio.destination);
      tone.start(audio.currentTime + start);
      tone.stop(audio.currentTime + start + length);
    }
  } catch {
    // No audio here (no device): the offer still flashes the title, the risk still shows its banner.
  }
}
