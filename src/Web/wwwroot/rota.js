// The volunteer rota for supervisors: a week's coverage hour by hour, short hours marked, and the shifts to edit.
// Each line has its own rota; a supervisor of several lines (a province and its cities) chooses which one.
import { t, initLanguage, showError, clearError, signInFromForm, signOut, staffFetch, shiftLine, loadLines, lineName } from "./common.js";

// The supervisor page's token: coming from there, no second sign-in.
const TOKEN_KEY = "hotline.supervisorToken";
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const $ = (id) => document.getElementById(id);

const state = { monday: mondayOf(new Date()), week: null, shifts: [], lines: [], line: null };

function mondayOf(date) {
  const monday = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return monday;
}

const isoDate = (date) => date.toISOString().slice(0, 10);

// The chosen line's rota; before the lines are known, the default line's (what the server gives without ?line=).
const ofLine = (path) => (state.line ? `${path}${path.includes("?") ? "&" : "?"}line=${encodeURIComponent(state.line)}` : path);

async function load() {
  clearError();
  try {
    if (state.lines.length === 0) {
      [state.lines] = await Promise.all([staffFetch("/api/rota/lines", TOKEN_KEY), loadLines()]);
      state.line = state.lines[0] ?? null;
    }
    [state.week, state.shifts] = await Promise.all([
      staffFetch(ofLine(`/api/rota/week?start=${isoDate(state.monday)}`), TOKEN_KEY),
      staffFetch(ofLine("/api/rota/shifts"), TOKEN_KEY),
    ]);
  } catch (error) {
    if (error.status === 401 || error.status === 403) {
      sessionStorage.removeItem(TOKEN_KEY);
      $("rota").hidden = true;
      $("login-panel").hidden = false;
    }
    showError(error);
    return;
  }
  $("login-panel").hidden = true;
  $("rota").hidden = false;
  render();
}

function render() {
  fillWeekdays();
  fillLines();
  if (!state.week) return;
  const week = state.week;
  $("week-title").textContent = t("weekOf", { start: week.start, minimum: week.minimumSeats });
  const head = document.createElement("tr");
  head.append(header(t("hourCol"), "col"), ...week.days.map((day) => header(`${t(day.weekday)} ${day.date.slice(5)}`, "col")));
  const rows = Array.from({ length: 24 }, (_, hour) => {
    const row = document.createElement("tr");
    row.append(header(`${String(hour).padStart(2, "0")}:00`, "row"), ...week.days.map((day) => hourCell(day, day.hours[hour])));
    return row;
  });
  $("week").replaceChildren(head, ...rows);
  const hours = week.days.flatMap((day) => day.hours);
  const short = hours.filter((hour) => hour.belowMinimum).length;
  $("short-legend").textContent = t("shortLegend", { minimum: week.minimumSeats });
  $("short-count").textContent = short === 0
    ? t("noShortHours", { minimum: week.minimumSeats })
    : t("shortCount", { count: short, total: hours.length, minimum: week.minimumSeats });
  $("shifts").replaceChildren(...state.shifts.map((shift) => {
    const item = document.createElement("li");
    item.dataset.shiftId = shift.shiftId;
    const text = document.createElement("span");
    text.textContent = `${shift.counselorId} · ${shiftLine(shift)}`;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "delete-shift";
    remove.textContent = t("deleteShift");
    remove.addEventListener("click", () => removeShift(shift.shiftId));
    item.append(text, remove);
    return item;
  }));
}

function header(text, scope) {
  const cell = document.createElement("th");
  cell.scope = scope;
  cell.textContent = text;
  return cell;
}

// The count is shown; a short hour has a quiet tint and a ◆ (the legend's), and says so in words for screen readers;
// an hour the line is closed is greyed and says so.
function hourCell(day, hour) {
  const cell = document.createElement("td");
  cell.textContent = String(hour.onShift);
  if (hour.belowMinimum) {
    const marker = document.createElement("span");
    marker.className = "short-marker";
    marker.setAttribute("aria-hidden", "true");
    marker.textContent = "◆";
    cell.append(marker);
  }
  const label = t("coverageCell", { day: `${t(day.weekday)} ${day.date}`, hour: String(hour.hour).padStart(2, "0"), count: hour.onShift });
  cell.setAttribute("aria-label", hour.belowMinimum ? t("shortCell", { cell: label }) : hour.open ? label : t("closedCell", { cell: label }));
  cell.title = cell.getAttribute("aria-label");
  if (hour.belowMinimum) cell.className = "short";
  else if (!hour.open) cell.className = "closed";
  return cell;
}

function fillWeekdays() {
  const select = $("shift-weekday");
  const chosen = select.value;
  select.replaceChildren(...["", ...WEEKDAYS].map((day) => {
    const option = document.createElement("option");
    option.value = day;
    option.textContent = day ? t(day) : t("oneDate");
    return option;
  }));
  select.value = chosen;
}

function fillLines() {
  $("line-choice").hidden = state.lines.length < 2;
  $("rota-line").replaceChildren(...state.lines.map((line) => {
    const option = document.createElement("option");
    option.value = line;
    option.textContent = lineName(line);
    return option;
  }));
  if (state.line) $("rota-line").value = state.line;
}

async function addShift(event) {
  event.preventDefault();
  clearError();
  const weekday = $("shift-weekday").value;
  const shift = {
    counselorId: $("shift-counselor").value.trim(),
    weekday: weekday || null,
    date: weekday ? null : $("shift-date").value || null,
    start: $("shift-start").value.trim(),
    end: $("shift-end").value.trim(),
  };
  try {
    // The form keeps its values: a rota is mostly entered as runs of similar shifts.
    await staffFetch(ofLine("/api/rota/shifts"), TOKEN_KEY, { method: "POST", body: JSON.stringify(shift) });
    await load();
  } catch (error) {
    showError(error);
  }
}

async function removeShift(shiftId) {
  clearError();
  try {
    await staffFetch(ofLine(`/api/rota/shifts/${shiftId}`), TOKEN_KEY, { method: "DELETE" });
    await load();
  } catch (error) {
    showError(error);
  }
}

function moveWeek(days) {
  state.monday.setUTCDate(state.monday.getUTCDate() + days);
  load();
}

$("sign-out").addEventListener("click", () => signOut(TOKEN_KEY));
$("login-panel").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (await signInFromForm(TOKEN_KEY)) await load();
});
$("shift-form").addEventListener("submit", addShift);
$("rota-line").addEventListener("change", () => {
  state.line = $("rota-line").value;
  load();
});
$("previous-week").addEventListener("click", () => moveWeek(-7));
$("next-week").addEventListener("click", () => moveWeek(7));

initLanguage(render);

if (sessionStorage.getItem(TOKEN_KEY)) load();
else $("login-panel").hidden = false;
