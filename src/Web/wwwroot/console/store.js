// The console's one store: what the server said, in one place. Features read it and say what changed;
// each feature redraws what it shows when a part it watches changes (and on a change of language).
import { onLanguageChange } from "../common.js";

export const store = {
  connection: null,
  topics: [],
  stats: null,
  // Open alerts by id; the alert list groups them by conversation.
  alerts: new Map(),
  onShift: [],
  audit: null,
  followUps: [],
  cannedReplies: [],
  // The blocks not yet run out: [{ blockId, conversationId, blockedBy, reason, at, until }].
  blocks: [],
  // The conversation the monitor shows: { conversationId, topic, riskLevel, status, counselorName, endReason }.
  monitored: null,
};

const watchers = new Map();

/** Calls <render> whenever one of <parts> changes, or the language does. */
export function watch(parts, render) {
  for (const part of parts) watchers.set(part, [...(watchers.get(part) ?? []), render]);
  onLanguageChange(render);
}

export function changed(part) {
  for (const render of watchers.get(part) ?? []) render();
}

export const $ = (id) => document.getElementById(id);
