// The line (热线) the chat starts at: the one a city union's link names (/?line=luoyang), or the one the worker picks.
// A link that names no line of this hotline is said so, and no chat starts until the worker picks a real one: never
// another line in its place.
import { t, language, getJson, onLanguageChange } from "../common.js";

// An empty ?line= is no link.
const linked = new URLSearchParams(location.search).get("line") || null;
let picker = null;

function label(line) {
  return line[language] + (line.openNow ? "" : t("lineClosedNow"));
}

/** Names the linked line, or offers the picker (after saying a linked line is unknown), in the page's language. */
export async function showLine({ named, unknown, choice, select }) {
  const lines = await getJson("/api/lines");
  const found = lines.find((line) => line.id === linked);
  // Without the list (the network failed) a linked line still goes to the server, which refuses one it does not know.
  if (lines.length === 0) return;
  picker = found ? null : select;
  const draw = () => {
    named.hidden = !found;
    if (found) named.textContent = t("lineNamed", { name: label(found) });
    choice.hidden = !!found;
    unknown.hidden = !linked || !!found;
    if (found) return;
    if (linked) unknown.textContent = t("catalog.unknown-line", { line: linked });
    const chosen = select.value || (linked ? "" : lines.find((line) => line.isDefault)?.id ?? "");
    const options = lines.map((line) => new Option(label(line), line.id));
    // After an unknown link nothing is chosen for the worker.
    if (linked) options.unshift(new Option(t("lineChoose"), ""));
    select.replaceChildren(...options);
    select.value = chosen;
  };
  onLanguageChange(draw);
  draw();
}

/** The line id for StartChat: null for the server's default line, "" while the worker must still pick one. */
export function chosenLine() {
  if (picker) return picker.value;
  return linked;
}
