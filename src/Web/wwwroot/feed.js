// One conversation as a page holds it: the messages it shows (by seq, each once), the lines the page adds itself,
// and what the person typed that is not yet sent. The server may deliver a message 0, 1 or many times and in any
// order; the feed shows seq order, drops what it already has, and fetches what it lacks (GetMessagesAfter).
import { t, language, isRefusal, refusalText, button } from "./common.js";

// crypto.randomUUID exists only in a secure context (HTTPS or localhost); getRandomValues everywhere.
function newClientMessageId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export class Feed {
  constructor() {
    this.bySeq = new Map();
    // Every seq up to here is held; a message beyond it means one went missing on the way.
    this.contiguous = 0;
    this.newest = 0;
    // The page's own lines (someone joined, the chat ended, a whisper): shown after the seq held when they came.
    this.notes = [];
    // Typed but not yet sent, in the order typed: { clientMessageId, text, state: "sending" | "failed", error }.
    this.unsent = [];
    this.repairing = null;
  }

  /** Adds a message; false when it is already shown. A message that answers an unsent one takes its place. */
  add(message) {
    if (message.clientMessageId) this.unsent = this.unsent.filter((entry) => entry.clientMessageId !== message.clientMessageId);
    if (this.bySeq.has(message.seq)) return false;
    this.bySeq.set(message.seq, message);
    while (this.bySeq.has(this.contiguous + 1)) this.contiguous++;
    this.newest = Math.max(this.newest, message.seq);
    return true;
  }

  get hasGap() {
    return this.newest > this.contiguous;
  }

  messages() {
    return [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  /** A line of the page's own; words given as a function are said again in the page's language at each redraw. */
  note(text, className = "system notice") {
    this.notes.push({ afterSeq: this.newest, text, className });
  }

  /**
   * Fetches everything after the last seq held, page by page, from the conversation itself; the answer's status
   * is how a page learns what it missed. One fetch at a time: a request during one runs it once more afterwards.
   */
  repair(fetchTail) {
    if (this.repairing) {
      this.repairAgain = true;
      return this.repairing;
    }
    this.repairing = (async () => {
      let tail;
      do {
        this.repairAgain = false;
        tail = await fetchTail(this.contiguous);
        tail.messages.forEach((message) => this.add(message));
      } while (this.repairAgain || (tail.messages.length > 0 && tail.lastSeq > this.contiguous));
      return tail;
    })().finally(() => { this.repairing = null; });
    return this.repairing;
  }
}

/**
 * Sends a feed's unsent messages one at a time, in the order typed, each with its own clientMessageId, so that a
 * retry the server already stored comes back with the first seq instead of a copy. While the connection is down
 * they wait; a refusal, or a failure while connected, marks one failed for the person to retry or remove.
 */
export class Outbox {
  constructor({ connection, feed, sender, send, changed, refused = () => {} }) {
    Object.assign(this, { connection, feed, sender, send, changed, refused });
    this.flushing = false;
  }

  add(text) {
    this.feed.unsent.push({ clientMessageId: newClientMessageId(), text, state: "sending", error: null });
    this.changed();
    return this.flush();
  }

  retry(clientMessageId) {
    const entry = this.feed.unsent.find((candidate) => candidate.clientMessageId === clientMessageId);
    if (!entry) return Promise.resolve();
    Object.assign(entry, { state: "sending", error: null });
    this.changed();
    return this.flush();
  }

  remove(clientMessageId) {
    this.feed.unsent = this.feed.unsent.filter((entry) => entry.clientMessageId !== clientMessageId || entry.state !== "failed");
    this.changed();
  }

  async flush() {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (let entry = this.next(); entry && this.connected; entry = this.next()) {
        try {
          const { seq } = await this.send(entry);
          this.feed.add({ seq, sender: this.sender, text: entry.text, clientMessageId: entry.clientMessageId, sentAt: new Date().toISOString() });
        } catch (error) {
          // The connection fell under it: whether it arrived is not known, so it waits and goes again, same id.
          if (!this.connected && !isRefusal(error)) break;
          Object.assign(entry, { state: "failed", error: refusalText(error) });
          this.refused(error);
        }
        this.changed();
      }
    } finally {
      this.flushing = false;
      this.changed();
    }
  }

  next() {
    return this.feed.unsent.find((entry) => entry.state === "sending");
  }

  get connected() {
    return this.connection.state === signalR.HubConnectionState.Connected;
  }
}

/** Draws a feed into an <ol>: messages by seq, the page's own lines where they came, then the unsent ones; with times, each message's. */
export function renderFeed(element, feed, outbox, { times = false } = {}) {
  // Not Map.groupBy: a worker's phone may run an older browser.
  const notesAfter = new Map();
  for (const note of feed.notes) notesAfter.set(note.afterSeq, [...(notesAfter.get(note.afterSeq) ?? []), note]);
  const items = [...(notesAfter.get(0) ?? []).map(noteItem)];
  for (const message of feed.messages()) {
    const item = document.createElement("li");
    item.className = `msg ${message.sender}`;
    item.dataset.seq = String(message.seq);
    item.textContent = message.text;
    // An attribute the page's css shows, so that the message's own text stays exactly what was sent.
    if (times && message.sentAt) item.dataset.sentAt = clockTime(message.sentAt);
    items.push(item, ...(notesAfter.get(message.seq) ?? []).map(noteItem));
  }
  items.push(...feed.unsent.map((entry) => unsentItem(entry, outbox)));
  const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
  element.replaceChildren(...items);
  if (atBottom) items.at(-1)?.scrollIntoView({ block: "end" });
}

function clockTime(at) {
  return new Date(at).toLocaleTimeString(language === "zh" ? "zh-CN" : "en-GB", { hour: "2-digit", minute: "2-digit", hour12: false });
}

function noteItem(note) {
  const item = document.createElement("li");
  item.className = `msg ${note.className}`;
  item.textContent = typeof note.text === "function" ? note.text() : note.text;
  return item;
}

function unsentItem(entry, outbox) {
  const item = document.createElement("li");
  item.className = `msg ${outbox.sender} unsent ${entry.state}`;
  item.dataset.clientMessageId = entry.clientMessageId;
  const text = document.createElement("span");
  text.className = "unsent-text";
  text.textContent = entry.text;
  const state = document.createElement("span");
  state.className = "send-state";
  state.textContent = entry.state === "failed" ? t("sendFailed", { reason: entry.error }) : t(outbox.connected ? "sending" : "waitingToSend");
  item.append(text, state);
  if (entry.state === "failed") {
    item.append(button(t("retrySend"), "retry-send", () => outbox.retry(entry.clientMessageId)),
      button(t("removeUnsent"), "remove-unsent", () => outbox.remove(entry.clientMessageId)));
  }
  return item;
}
