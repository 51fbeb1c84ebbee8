// The other ways to get help, as they fit the worker's language and line: numbers to tap, a regional service (one the
// worker's line names as its own) marked with its region.
import { t, language, getJson } from "../common.js";
import { chosenLine } from "./line.js";

const fetched = new Map();

/** Fetched once per language and line: [{ id, zh, en, tel?, region? }], those of every region first (the server's order). */
async function alternatives() {
  const line = chosenLine() ?? "";
  const key = `${language}|${line}`;
  if (!fetched.has(key)) fetched.set(key, await getJson(`/api/alternatives?language=${language}&line=${encodeURIComponent(line)}`));
  return fetched.get(key);
}

function callLink(number) {
  const link = document.createElement("a");
  link.href = `tel:${number}`;
  link.className = "call";
  link.textContent = t("callNumber", { number });
  return link;
}

/** Draws the list into <ul>; shown or not is the caller's choice. */
export async function renderOtherHelp(list) {
  const entries = await alternatives();
  list.replaceChildren(...entries.map((entry) => {
    const item = document.createElement("li");
    const text = document.createElement("span");
    text.textContent = entry[language];
    item.append(text);
    if (entry.region) {
      const region = document.createElement("span");
      region.className = "region";
      region.textContent = t("regionOnly", { region: entry.region[language] });
      item.append(" ", region);
    }
    for (const number of entry.tel ?? []) item.append(" ", callLink(number));
    return item;
  }));
}
