// A page's hub connection and what the page says about it. It never gives up: SignalR's own reconnect tries
// forever, at most 10 s apart, and once a connection is closed for good (the server went away, or SignalR gave up a
// reconnect) it is started again the same way. The banner shows the moment the page loses its connection, by
// SignalR's account or by the browser's (the offline event), and goes when the connection is back.
import { t, onLanguageChange, showError } from "./common.js";

const MAX_RETRY_MS = 10_000;

/** 0.5 s, 1 s, 2 s, ... up to 10 s between tries, for as long as the page is open. */
export function retryDelay(attempt) {
  return Math.min(MAX_RETRY_MS, 500 * 2 ** attempt);
}

/**
 * A hub connection that reconnects forever. A network that goes silent without closing the socket is noticed by
 * SignalR's server timeout (30 s without a message; the server pings every 15 s), or at once by the offline event.
 */
export function hubConnection(path, options = {}) {
  return new signalR.HubConnectionBuilder()
    .withUrl(path, options)
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ({ previousRetryCount }) => retryDelay(previousRetryCount) })
    .build();
}

/**
 * Shows the connection's state in #connection-banner and calls onBack each time the connection is back, so the
 * page can resume what it holds. onRefused is called when a restart is refused (401 or 403: the sign-in expired).
 */
export function watchConnection(connection, { onBack, onRefused = () => {} }) {
  const banner = document.getElementById("connection-banner");
  let down = false;
  let wake = null;
  const show = (isDown) => {
    down = isDown;
    banner.hidden = !down;
    banner.textContent = down ? t("connectionDown") : "";
  };
  const back = async () => {
    show(false);
    await onBack();
  };

  connection.onreconnecting(() => show(true));
  connection.onreconnected(back);
  connection.onclose(async () => {
    show(true);
    for (let attempt = 0; connection.state === signalR.HubConnectionState.Disconnected; attempt++) {
      // Woken early when the browser says the network is back.
      await new Promise((resolve) => { wake = resolve; setTimeout(resolve, retryDelay(attempt)); });
      try {
        await connection.start();
      } catch (error) {
        if (signInRefused(error)) return onRefused(error);
      }
    }
    if (connection.state === signalR.HubConnectionState.Connected) await back();
  });

  // The browser knows first: a socket the network left stays open until SignalR's 30 s timeout (Chromium's offline
  // emulation, too, leaves it open and only stops its frames). Closing it makes unsent messages wait at once, and
  // the restart below begins; the server counts the page gone when the close reaches it, or by its own timeout.
  window.addEventListener("offline", () => {
    show(true);
    if (connection.state === signalR.HubConnectionState.Connected) connection.stop();
  });
  window.addEventListener("online", () => wake?.());
  onLanguageChange(() => show(down));
}

// A web node sends CatchUp each time its Redis subscription is back. A subscription that flaps would have every page
// ask many times a second, all at once, and spend its per-minute allowance of GetMessagesAfter (then a real gap waits
// for the window to pass). So the first CatchUp runs the check after a random moment within 1 s, spreading a node's
// pages, and those that come within 3 s of a check run it once more, 3 s after it.
const CATCH_UP_SPREAD_MS = 1_000;
const CATCH_UP_EVERY_MS = 3_000;

/** Runs check when the page's web node says it may have missed events: soon, and at most once every 3 s. */
export function onCatchUp(connection, check) {
  let pending = null;
  let last = -Infinity;
  connection.on("CatchUp", () => {
    if (pending) return;
    const wait = Math.max(Math.random() * CATCH_UP_SPREAD_MS, last + CATCH_UP_EVERY_MS - Date.now());
    pending = setTimeout(() => {
      pending = null;
      last = Date.now();
      check();
    }, wait);
  });
}

// SignalR keeps the status only in the message of the error that start() throws.
const signInRefused = (error) => /Status code '40[13]'/.test(String(error?.message ?? ""));

/** Starts a connection, trying again (banner shown) until it is up; a refused sign-in (401, 403) is thrown to the caller. */
export async function startConnection(connection) {
  const banner = document.getElementById("connection-banner");
  for (let attempt = 0; ; attempt++) {
    try {
      await connection.start();
      banner.hidden = true;
      return;
    } catch (error) {
      if (signInRefused(error)) throw error;
      banner.hidden = false;
      banner.textContent = t("connectionDown");
      await new Promise((resolve) => setTimeout(resolve, retryDelay(attempt)));
    }
  }
}

/** A staff hub connection that sends this tab's token. */
export function staffConnection(hubPath, tokenKey) {
  return hubConnection(hubPath, { accessTokenFactory: () => sessionStorage.getItem(tokenKey) });
}

/** Starts a staff connection and shows the page's main panel; if the sign-in is refused, forgets the token and shows the login form again. */
export async function startStaffConnection(connection, tokenKey, panelId) {
  try {
    await startConnection(connection);
  } catch (error) {
    backToSignIn(tokenKey, error);
    return false;
  }
  document.getElementById("login-panel").hidden = true;
  document.getElementById(panelId).hidden = false;
  return true;
}

/** Back to the login form, with the reason (the sign-in was refused or has ended). */
export function backToSignIn(tokenKey, error) {
  sessionStorage.removeItem(tokenKey);
  document.getElementById("login-panel").hidden = false;
  showError(error);
}
