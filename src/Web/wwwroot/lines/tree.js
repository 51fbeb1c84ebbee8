// The network as a tree: each line under its parent, with its buttons to edit it and to add a line under it.
import { t, language, button } from "../common.js";

/** Renders the lines (GET /api/admin/lines' entries) into the list element, root first. */
export function renderTree(list, lines, { onEdit, onAddUnder }) {
  const children = new Map();
  for (const line of lines) children.set(line.parent ?? null, [...(children.get(line.parent ?? null) ?? []), line]);
  const item = (line) => {
    const li = document.createElement("li");
    li.dataset.line = line.id;
    const entry = document.createElement("div");
    entry.className = "line-entry";
    const name = document.createElement("strong");
    name.textContent = nameOf(line);
    const id = document.createElement("span");
    id.className = "note";
    id.textContent = `${line.id} · ${line.region}`;
    entry.append(name, id,
      button(t("lineEdit"), "line-edit", () => onEdit(line)),
      button(t("lineAddUnder"), "line-add-under", () => onAddUnder(line)));
    li.append(entry);
    const under = children.get(line.id) ?? [];
    if (under.length > 0) {
      const ul = document.createElement("ul");
      ul.append(...under.map(item));
      li.append(ul);
    }
    return li;
  };
  list.replaceChildren(...(children.get(null) ?? []).map(item));
}

/** A line's name in the page's language. */
export function nameOf(line) {
  return language === "en" ? line.en : line.zh;
}
