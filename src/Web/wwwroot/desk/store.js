// The desk's state, in one place, and who is told when a part of it changes.

export const TOKEN_KEY = "hotline.staffToken";
export const $ = (id) => document.getElementById(id);

// offers: offerId → the offer as received, with the desk-clock moment it expires; conversations: id → what the desk
// holds of it; selected: the open one; wrapUpFor: whose wrap-up the form was last prepared for; accepting: Accepts on
// their way; early: messages of a conversation whose Accept has not come back yet, by its id; lineReferrals: line →
// the cards a chat of that line can be sent and which the line names as its own, or the promise of them.
export const state = {
  connection: null,
  topics: [], actions: [], queues: [], emergency: [], referrals: [], cannedReplies: [], myShifts: [],
  presence: "Offline",
  offers: new Map(),
  conversations: new Map(),
  selected: null,
  wrapUpFor: null,
  accepting: 0,
  early: new Map(),
  lineReferrals: new Map(),
};

const listeners = new Map();

/** Calls listener whenever `part` changes: "offers", "list" (the conversation list), "chat" (the open chat), "transcript". */
export function on(part, listener) {
  listeners.set(part, [...(listeners.get(part) ?? []), listener]);
}

export function changed(...parts) {
  for (const part of parts) for (const listener of listeners.get(part) ?? []) listener();
}

export function selectedConversation() {
  return state.conversations.get(state.selected);
}

/** Whether a counsellor of a line above answers it (an offer or a held conversation): the desk says for which line. */
export function asBackup({ line, answeringLine, answeredByLine }) {
  const answering = answeringLine ?? answeredByLine;
  return Boolean(line && answering && answering !== line);
}

/** The worker's language where the hub says it, else the page's: replies and cards are for the worker to read. */
export function conversationLanguage(pageLanguage) {
  const spoken = selectedConversation()?.language;
  return spoken === "en" || spoken === "zh" ? spoken : pageLanguage;
}
