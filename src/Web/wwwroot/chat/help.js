// The other ways to get help, as they fit the worker's language: numbers to tap, a regional service marked with its region.
import { t, language, getJson } from "../common.js";

const byLanguage = new Map();

/** Fetched once per language: [{ id, zh, en, tel?, region? }], those of every region first (the server's order). */
async function alternatives() {
  if (!byLanguage.has(language)) byLanguage.set(language, await getJson(`/api/alternatives?language=${language}`));
  return byLanguage.get(language);
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
