// "Remember this device", off unless the worker ticks it. When ticked, this browser keeps a random device key (32
// random bytes, in localStorage) that is sent with each new chat: the hotline keeps only a keyed hash of it, so the
// same browser is the same worker from chat to chat (earlier conversations, and blocks). Unticked, the key is
// forgotten and every chat starts anonymous. The key is made here and linked to nothing else.
const DEVICE_KEY = "hotline.deviceKey";

function newDeviceKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  // base64url without padding: 43 characters, as the server expects.
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The key to send with a new chat: null unless the worker chose to remember this device. */
export function deviceKey() {
  return localStorage.getItem(DEVICE_KEY);
}

/** Ties <checkbox> to the choice: shown as it stands, and a change makes or forgets the key at once. */
export function rememberDeviceChoice(checkbox) {
  checkbox.checked = deviceKey() !== null;
  checkbox.addEventListener("change", () => {
    if (checkbox.checked) localStorage.setItem(DEVICE_KEY, deviceKey() ?? newDeviceKey());
    else localStorage.removeItem(DEVICE_KEY);
  });
}
