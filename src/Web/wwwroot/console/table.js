// A grid table from header keys and rows of values (text, or a node such as a button).
import { t } from "../common.js";
import { $ } from "./store.js";

export function table(id, headers, rows) {
  const head = document.createElement("tr");
  headers.forEach((header) => cell(head, t(header), "th"));
  $(id).replaceChildren(head, ...rows.map((values) => {
    const row = document.createElement("tr");
    values.forEach((value) => (value instanceof Node ? row.append(value) : cell(row, value)));
    return row;
  }));
}

function cell(row, text, tag) {
  const element = document.createElement(tag ?? "td");
  if (tag === "th") element.scope = "col";
  element.textContent = String(text);
  row.append(element);
}
