// Shared by the pages: language, errors, sign-in and staff REST calls. Words are in words/<language>.js.
// Everything a person typed is set with textContent, never as markup.

import zh from "./words/zh.js";
import en from "./words/en.js";

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

/** A staff REST call with this tab's token: the JSON answer (null when there is none), or throws with the server's own explanation and status. */
export async function staffFetch(url, tokenKey, options = {}) {
  const response = await fetch(url, {
    ...options,
    headers: { ...options.headers, Authorization: `Bearer ${sessionStorage.getItem(tokenKey)}`, ...(options.body ? { "Content-Type": "application/json" } : {}) },
  });
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw Object.assign(new Error(body?.detail ?? body?.title ?? response.statusText), { status: response.status });
  return body;
}

/** A shift as one line: "Monday 2026-07-06 08:00–12:00" (local hotline time). */
export function shiftLine(shift) {
  const day = shift.date ? `${shift.date} ` : "";
  const weekday = shift.date ? t(new Date(`${shift.date}T00:00:00Z`).toLocaleDateString("en-US", { weekday: "long", timeZone: "UTC" })) : t("everyWeekday", { day: t(shift.weekday) });
  return `${day}${weekday} ${shift.start}–${shift.end}`;
}

/** Signs a staff member in; returns the bearer token, or throws with the server's own explanation. */
export async function signIn(userName, password) {
  const response = await fetch("/api/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ userName, password }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail ?? body.title ?? response.statusText);
  return body.accessToken;
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

// SignalR prefixes a HubException with a technical sentence; the part after this marker is the server's own words.
const HUB_EXCEPTION = "HubException: ";

/** True when the server refused the call (a HubException), as opposed to the network failing under it. */
export function isRefusal(error) {
  return String(error?.message ?? "").includes(HUB_EXCEPTION);
}

/** A hub or HTTP error's own message: the server writes them for people. */
export function refusalText(error) {
  const message = String(error?.message ?? error ?? "");
  return message.includes(HUB_EXCEPTION) ? message.slice(message.indexOf(HUB_EXCEPTION) + HUB_EXCEPTION.length) : message;
}

export function showError(error) {
  document.getElementById("error").textContent = refusalText(error);
}

export function clearError() {
  document.getElementById("error").textContent = "";
}

/** A follow-up task as a list line: its risk and when it is due, in local time. */
export function followUpLine(task) {
  return t("followUpDue", { risk: t(task.riskLevel), due: new Date(task.dueAt).toLocaleString() });
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
