// Shared by the pages: language, errors (refusals in the reader's language), sign-in and staff REST calls. Words are in
// words/<language>.js.
// Everything a person typed is set with textContent, never as markup.

import zh from "./words/zh.js";
import en from "./words/en.js";
import { secondFactor } from "./sign-in.js";

const LANGUAGE_KEY = "hotline.lang";

const texts = { zh, en };

export let language = localStorage.getItem(LANGUAGE_KEY) === "en" ? "en" : "zh";
const languageListeners = [];

export function t(key, values = {}) {
  const template = texts[language][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

/** Sets every [data-i18n] element's text, and calls back so pages can redraw what they built themselves. */
export function applyLanguage() {
  document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
  for (const element of document.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
  for (const element of document.querySelectorAll("[data-i18n-placeholder]")) element.placeholder = t(element.dataset.i18nPlaceholder);
  for (const element of document.querySelectorAll("[data-i18n-alt]")) element.alt = t(element.dataset.i18nAlt);
  // The tab's title is the page's heading, in the chosen language.
  const heading = document.querySelector("h1[data-i18n]");
  if (heading) document.title = `${t(heading.dataset.i18n)} · Hotline`;
  for (const listener of languageListeners) listener();
}

export function onLanguageChange(listener) {
  languageListeners.push(listener);
}

export function initLanguage(onChange) {
  if (onChange) onLanguageChange(onChange);
  document.getElementById("lang-toggle").addEventListener("click", () => {
    language = language === "zh" ? "en" : "zh";
    localStorage.setItem(LANGUAGE_KEY, language);
    applyLanguage();
  });
  applyLanguage();
}

/** GETs a JSON list the pages can live without (the pickers just stay short): the fallback on any failure. */
export async function getJson(url, fallback = []) {
  try {
    const response = await fetch(url);
    return response.ok ? await response.json() : fallback;
  } catch {
    return fallback;
  }
}

/** The topic taxonomy, [{ id, zh, en }]. */
export function loadTopics() {
  return getJson("/api/topics");
}

export function topicName(topics, id) {
  const topic = topics.find((candidate) => candidate.id === id);
  return topic ? topic[language] : id;
}

export function fillSelect(select, entries, label) {
  const chosen = select.value;
  select.replaceChildren(...entries.map((entry) => {
    const option = document.createElement("option");
    option.value = entry.id;
    option.textContent = label(entry);
    return option;
  }));
  if (chosen) select.value = chosen;
}

/** A staff REST call with this tab's token: the JSON answer (null when there is none), or throws the refusal (responseError). */
export async function staffFetch(url, tokenKey, options = {}) {
  const response = await fetch(url, {
    ...options,
    headers: { ...options.headers, Authorization: `Bearer ${sessionStorage.getItem(tokenKey)}`, ...(options.body ? { "Content-Type": "application/json" } : {}) },
  });
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw responseError(response, body);
  return body;
}

/**
 * The error for a refused REST call, from its problem details: the English sentence as message, with status, code
 * and params; an answer without a code (a bare 401, 403, 429 or 5xx) gets the page's own code for its status.
 */
export function responseError(response, body) {
  const code = body?.code ?? STATUS_CODES[response.status] ?? (response.status >= 500 ? "page.server-error" : "page.unknown");
  return Object.assign(new Error(body?.detail ?? body?.title ?? response.statusText), { status: response.status, code, params: body?.params ?? {} });
}

const STATUS_CODES = { 401: "page.unauthorized", 403: "page.forbidden", 429: "page.too-many" };

/** A shift as one line: "Monday 2026-07-06 08:00–12:00" (local hotline time). */
export function shiftLine(shift) {
  const day = shift.date ? `${shift.date} ` : "";
  const weekday = shift.date ? t(new Date(`${shift.date}T00:00:00Z`).toLocaleDateString("en-US", { weekday: "long", timeZone: "UTC" })) : t("everyWeekday", { day: t(shift.weekday) });
  return `${day}${weekday} ${shift.start}–${shift.end}`;
}

/** POSTs JSON without a token: the JSON answer, or throws the refusal (responseError). */
export async function postJson(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => null);
  if (!response.ok) throw responseError(response, answer);
  return answer;
}

/**
 * Signs a staff member in; returns the bearer token, or throws the refusal (responseError). An account that needs a
 * second factor goes on through its steps (sign-in.js) before the token comes.
 */
export async function signIn(userName, password) {
  const answer = await postJson("/api/auth/login", { userName, password });
  return answer.secondFactor ? secondFactor(answer) : answer.accessToken;
}

/**
 * The header's Sign out: ends every session of this person (POST /api/auth/logout: their tokens and connections on
 * every computer), forgets this tab's token, and loads the page afresh, at its login form, with nothing of the work
 * left on it. The token is forgotten even when the network fails the call.
 */
export async function signOut(tokenKey) {
  await fetch("/api/auth/logout", { method: "POST", headers: { Authorization: `Bearer ${sessionStorage.getItem(tokenKey)}` } }).catch(() => null);
  sessionStorage.removeItem(tokenKey);
  location.reload();
}

/** Signs in from the page's login form (#login-user, #login-password) and keeps the token in this tab; false on failure, with the reason shown. */
export async function signInFromForm(tokenKey) {
  clearError();
  try {
    sessionStorage.setItem(tokenKey, await signIn(document.getElementById("login-user").value, document.getElementById("login-password").value));
    return true;
  } catch (error) {
    showError(error);
    return false;
  }
}

// A refused hub call's error reads "…HubException: <code>|<params>|<English sentence>" (docs/DESIGN.md, "Refusals:
// codes and words"): SignalR prefixes the server's text with its own sentence, and params is a URL-encoded query string.
const HUB_EXCEPTION = "HubException: ";
const CODED = /^([a-z0-9.-]+)\|([^|]*)\|([\s\S]*)$/;

/** True when the server refused the call (a HubException), as opposed to the network failing under it. */
export function isRefusal(error) {
  return String(error?.message ?? "").includes(HUB_EXCEPTION);
}

/** The server's refusal an error carries, { code, params, sentence } (code null if it came without one), or null when it is not one. */
export function refusalOf(error) {
  if (typeof error?.code === "string") return { code: error.code, params: error.params ?? {}, sentence: String(error.message ?? "") };
  const message = String(error?.message ?? "");
  if (!message.includes(HUB_EXCEPTION)) return null;
  const text = message.slice(message.indexOf(HUB_EXCEPTION) + HUB_EXCEPTION.length);
  const coded = CODED.exec(text);
  return coded
    ? { code: coded[1], params: Object.fromEntries(new URLSearchParams(coded[2])), sentence: coded[3] }
    : { code: null, params: {}, sentence: text };
}

// What SignalR and the browser say when the call never reached an answer, as the page's own codes (words/<lang>/refusals.js).
// A refused sign-in is checked first: a failed negotiation names its status inside a longer sentence.
const FAILURES = [
  [/Status code '401'|Unauthorized/, "page.unauthorized"],
  [/Status code '403'|Forbidden/, "page.forbidden"],
  [/Status code '429'/, "page.too-many"],
  [/Server timeout elapsed/i, "page.timeout"],
  [/WebSocket closed|connection being closed|not in the 'Connected' State|connection was stopped|Invocation canceled/i, "page.connection-lost"],
  [/Failed to fetch|NetworkError|Load failed|Failed to complete negotiation|Failed to start the connection|WebSocket failed to connect/i, "page.unreachable"],
  [/error occurred invoking|Failed to invoke|error on the server|Status code '5\d\d'/i, "page.server-error"],
];

// Params that are themselves words (a presence the server names in English) are said in the page's language.
const WORD_PARAMS = ["presence"];

/**
 * An error in the page's language: a refusal's sentence from words/<lang>/refusals.js by its code, with its params
 * filled in; SignalR's and the network's failures as the page's own sentences; a string (words the page already
 * chose) as it is. A code this page does not know yet shows the server's English sentence on an English page, and a
 * general sentence on a Chinese one.
 */
export function refusalText(error) {
  if (typeof error === "string") return error;
  const refusal = refusalOf(error);
  if (refusal) {
    if (!(refusal.code in texts[language])) return language === "en" && refusal.sentence ? refusal.sentence : t("page.unknown");
    const values = { ...refusal.params };
    for (const name of WORD_PARAMS) if (name in values) values[name] = t(values[name]);
    return t(refusal.code, values);
  }
  const message = String(error?.message ?? error ?? "");
  const failure = FAILURES.find(([pattern]) => pattern.test(message));
  return failure ? t(failure[1]) : message;
}

// What each error element shows, so that it is said again when the language changes.
const shown = new Map();
onLanguageChange(() => {
  for (const [element, error] of shown) element.textContent = refusalText(error);
});

const errorElement = (where) => (typeof where === "string" ? document.getElementById(where) : where);

/** Shows an error in the page's language in the element where (an element or its id; the page's #error by default). */
export function showError(error, where = "error") {
  const element = errorElement(where);
  shown.set(element, error);
  element.textContent = refusalText(error);
}

export function clearError(where = "error") {
  const element = errorElement(where);
  shown.delete(element);
  element.textContent = "";
}

/** The page language's locale, for dates and times (never the browser's: a Chinese page says 下午, not PM). */
function locale() {
  return language === "zh" ? "zh-CN" : "en-GB";
}

/** A date and time, in local time and the page's language. */
export function dateTime(iso) {
  return new Date(iso).toLocaleString(locale());
}

/** A time of day as hours and minutes, in local time. */
export function clockTime(iso) {
  return new Date(iso).toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit" });
}

/** A queue is "<group>.<language>" (seeds/queues.json), or "general": said by name, never as its id. */
export function queueName(queue) {
  if (!queue) return "";
  // Another line's queue is "<line>/<queue>": said with the line's name (the default line's have none).
  const slash = queue.indexOf("/");
  const [group, queueLanguage] = queue.slice(slash + 1).split(".");
  const groupName = t(`queueGroup.${group}`);
  const name = queueLanguage ? t("queueOf", { group: groupName, language: t(`queueLanguage.${queueLanguage}`) }) : groupName;
  return slash < 0 ? name : `${lineName(queue.slice(0, slash))} · ${name}`;
}

let lines = new Map();

/** Loads the network's lines once (GET /api/lines), so that a page names lines in its reader's language. */
export async function loadLines() {
  try {
    const response = await fetch("/api/lines");
    if (response.ok) lines = new Map((await response.json()).map((line) => [line.id, line]));
  } catch {
    // Offline at the start: lines are named by their ids until the next load.
  }
}

/** A line's name in the page's language; its id until the lines are loaded. */
export function lineName(id) {
  const line = lines.get(id);
  return line ? (language === "en" ? line.en : line.zh) : id;
}

/** A follow-up task as a list line: its risk and when it is due, in local time. */
export function followUpLine(task) {
  return t("followUpDue", { risk: t(task.riskLevel), due: dateTime(task.dueAt) });
}

/** A button with its words and what a click does. */
export function button(text, className, onClick) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = className;
  element.textContent = text;
  element.addEventListener("click", onClick);
  return element;
}
