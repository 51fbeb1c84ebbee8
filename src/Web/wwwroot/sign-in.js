// The second step of a staff sign-in, for the roles that need one (supervisors and admins by default): after the
// password, either setting up an authenticator app (its QR code, its key as text, the first code, then the recovery
// codes, shown once) or a code from the app, with a switch to a recovery code. Words in words/<lang>/sign-in.js; the
// elements carry data-i18n, so the language toggle says them again.
import { t, showError, clearError, postJson } from "./common.js";

// Refusals after which this challenge cannot go on: back to the password.
const ENDING = new Set([
  "second-factor.challenge-invalid", "second-factor.too-many-wrong", "second-factor.already-enrolled",
  "second-factor.not-enrolled", "second-factor.unreadable", "sign-in.disabled", "page.unauthorized",
]);

/**
 * Goes on from a password sign-in's answer ({ secondFactor: "enrol" | "code", challenge }) to the bearer token, in a
 * panel shown in place of the login form. Throws the refusal that ended it (or "" when the person went back), with
 * the login form shown again.
 */
export function secondFactor(step) {
  const login = document.getElementById("login-panel");
  const panel = element("form", { id: "second-factor", className: "login second-factor" });
  panel.noValidate = true;
  login.after(panel);
  login.hidden = true;
  return new Promise((resolve, reject) => {
    const flow = {
      challenge: step.challenge,
      error: element("p", { id: "second-factor-error", className: "error", role: "alert" }),
      finish(token) {
        panel.remove();
        resolve(token);
      },
      end(error) {
        panel.remove();
        login.hidden = false;
        reject(error);
      },
      /** A refusal: said in the panel, or, when the challenge is over, beside the login form. */
      refused(error) {
        if (ENDING.has(error?.code)) flow.end(error);
        else showError(error, flow.error);
      },
    };
    (step.secondFactor === "enrol" ? enrol : askForCode)(panel, flow);
    panel.querySelector("input")?.focus();
  });
}

/** The QR code and key of a new secret, then the first code from the app. */
function enrol(panel, flow) {
  const qr = element("img", { id: "second-factor-qr", className: "qr", width: 192, height: 192 });
  qr.dataset.i18nAlt = "signIn.qrAlt";
  qr.alt = t("signIn.qrAlt");
  const secret = element("p", { id: "second-factor-secret", className: "secret" });
  const code = codeInput();
  panel.replaceChildren(
    words("h2", "signIn.enrolTitle"), words("p", "signIn.enrolIntro", "note"), qr,
    words("p", "signIn.secretIntro", "note"), secret,
    label(code, "signIn.enrolCodeLabel"), code,
    actions(flow, words("button", "signIn.confirm", "primary", { type: "submit", id: "second-factor-submit" })),
    flow.error);
  postJson("/api/auth/second-factor/enrol", { challenge: flow.challenge }).then((enrolment) => {
    // An image of the server's SVG: nothing in it can run, and the policy allows data: images only.
    qr.src = `data:image/svg+xml;base64,${btoa(enrolment.qrSvg)}`;
    secret.textContent = enrolment.secret.match(/.{1,4}/g).join(" ");
    secret.dataset.secret = enrolment.secret;
  }, flow.refused);
  panel.onsubmit = submitted(flow, async () => {
    const answer = await postJson("/api/auth/second-factor/confirm", { challenge: flow.challenge, code: code.value.trim() });
    showRecoveryCodes(panel, flow, answer);
  });
}

/** The recovery codes, this once, until the person says they have saved them. */
function showRecoveryCodes(panel, flow, answer) {
  const list = element("ol", { id: "recovery-codes", className: "recovery-codes" });
  list.append(...answer.recoveryCodes.map((code) => element("li", { textContent: code })));
  panel.replaceChildren(words("h2", "signIn.codesTitle"), words("p", "signIn.codesIntro", "note"), list,
    actions(null, words("button", "signIn.codesSaved", "primary", { type: "submit", id: "recovery-codes-saved" })));
  finishOnSubmit(panel, flow, answer.accessToken);
}

/** A code from the app, or (switched) one recovery code. */
function askForCode(panel, flow) {
  let recovery = false;
  const title = words("h2", "signIn.codeTitle");
  const intro = words("p", "signIn.codeIntro", "note");
  const code = codeInput();
  const codeLabel = label(code, "signIn.codeLabel");
  const toggle = words("button", "signIn.useRecovery", "link", { type: "button", id: "second-factor-switch" });
  toggle.addEventListener("click", () => {
    recovery = !recovery;
    say(title, recovery ? "signIn.recoveryTitle" : "signIn.codeTitle");
    say(intro, recovery ? "signIn.recoveryIntro" : "signIn.codeIntro");
    say(codeLabel, recovery ? "signIn.recoveryLabel" : "signIn.codeLabel");
    say(toggle, recovery ? "signIn.useApp" : "signIn.useRecovery");
    code.inputMode = recovery ? "text" : "numeric";
    code.autocomplete = recovery ? "off" : "one-time-code";
    code.value = "";
    clearError(flow.error);
    code.focus();
  });
  panel.replaceChildren(title, intro, codeLabel, code, toggle,
    actions(flow, words("button", "signIn.verify", "primary", { type: "submit", id: "second-factor-submit" })), flow.error);
  panel.onsubmit = submitted(flow, async () => {
    const typed = code.value.trim();
    const answer = await postJson("/api/auth/second-factor", recovery ? { challenge: flow.challenge, recoveryCode: typed } : { challenge: flow.challenge, code: typed });
    if (answer.recoveryCodesLeft === undefined) flow.finish(answer.accessToken);
    else showCodesLeft(panel, flow, answer);
  });
}

/** After a recovery code: how many are left, and what to do when the phone is gone. */
function showCodesLeft(panel, flow, answer) {
  const left = element("p", { className: "codes-left" });
  left.append(words("span", "signIn.codesLeft"), " ", element("strong", { id: "recovery-codes-left", textContent: String(answer.recoveryCodesLeft) }));
  panel.replaceChildren(words("h2", "signIn.recoveryUsedTitle"), left, words("p", "signIn.recoveryUsedAdvice", "note"),
    actions(null, words("button", "signIn.continue", "primary", { type: "submit", id: "second-factor-continue" })));
  finishOnSubmit(panel, flow, answer.accessToken);
}

/** A step with only a button to go on: pressing it finishes the sign-in with the token already given. */
function finishOnSubmit(panel, flow, accessToken) {
  panel.onsubmit = (event) => {
    event.preventDefault();
    flow.finish(accessToken);
  };
  panel.querySelector("button").focus();
}

/** A submit handler that sends once at a time and says what was refused. */
function submitted(flow, send) {
  let sending = false;
  return async (event) => {
    event.preventDefault();
    if (sending) return;
    sending = true;
    clearError(flow.error);
    try {
      await send();
    } catch (error) {
      flow.refused(error);
    } finally {
      sending = false;
    }
  };
}

function actions(flow, submit) {
  const row = element("div", { className: "actions" });
  row.append(submit);
  // "" as the error: going back is not a failure, so nothing is said beside the login form.
  if (flow) row.append(words("button", "signIn.back", "", { type: "button", id: "second-factor-back", onclick: () => flow.end("") }));
  return row;
}

function codeInput() {
  return element("input", { id: "second-factor-code", inputMode: "numeric", autocomplete: "one-time-code", spellcheck: false, required: true });
}

function label(input, key) {
  const element = words("label", key);
  element.htmlFor = input.id;
  return element;
}

function words(tag, key, className = "", properties = {}) {
  const made = element(tag, { className, ...properties });
  say(made, key);
  return made;
}

function say(made, key) {
  made.dataset.i18n = key;
  made.textContent = t(key);
}

function element(tag, properties = {}) {
  const { role, ...rest } = properties;
  const made = Object.assign(document.createElement(tag), rest);
  if (role) made.setAttribute("role", role);
  return made;
}
