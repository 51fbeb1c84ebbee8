// The table of lines: one row a line, sortable by clicking a column's header (again: the other way round).
import { t, language } from "../common.js";

// null: nothing to divide yet (no contact today), which is neither 100% nor 0.
const NOTHING_YET = "—";

export const lineName = (line) => (language === "en" ? line.en : line.zh);

const percent = (value) => (value === null ? NOTHING_YET : `${Math.round(value * 1000) / 10}%`);
const seconds = (value) => (value === null ? NOTHING_YET : Math.round(value));

// 988's goal: above 90% of a line's contacts answered by the line itself.
const IN_LINE_GOAL = 0.9;

// A column's words, its cell, and what it sorts by (none: not sortable). Numbers sort most first, names A to Z.
const COLUMNS = [
  { words: "networkLine", cell: lineName, sortBy: lineName },
  { words: "networkOpen", cell: (line) => t(line.openNow ? "networkOpenYes" : "networkOpenNo") },
  { words: "networkWaiting", cell: (line) => line.waiting, sortBy: (line) => line.waiting },
  { words: "networkLongest", cell: (line) => line.longestWaitSeconds, sortBy: (line) => line.longestWaitSeconds },
  { words: "networkOnDuty", cell: onDutyCell, sortBy: (line) => line.onDuty },
  { words: "networkAnswered", cell: (line) => line.answeredToday, sortBy: (line) => line.answeredToday },
  { words: "networkAbandoned", cell: (line) => line.abandonedToday, sortBy: (line) => line.abandonedToday },
  { words: "networkAnswerRate", cell: (line) => percent(line.answerRate), sortBy: (line) => line.answerRate },
  { words: "networkInLineRate", cell: inLineCell, sortBy: (line) => line.inLineAnswerRate },
  { words: "networkByBackup", cell: (line) => line.answeredByBackup, sortBy: (line) => line.answeredByBackup },
  { words: "networkSpeedToAnswer", cell: (line) => seconds(line.averageSpeedToAnswerSeconds), sortBy: (line) => line.averageSpeedToAnswerSeconds },
  { words: "networkHoursBelowMinimum", cell: (line) => line.hoursBelowMinimumSeats, sortBy: (line) => line.hoursBelowMinimumSeats },
  { words: "networkRolledUp", cell: rolledUpCell },
];

function rolledUpCell(line) {
  const sum = line.rolledUp;
  return sum ? t("networkRolledUpValue", { waiting: sum.waiting, onDuty: sum.onDuty, answered: sum.answeredToday, inLine: percent(sum.inLineAnswerRate), byBackup: sum.answeredByBackup }) : "";
}

function inLineCell(line) {
  const cell = document.createElement("span");
  cell.textContent = percent(line.inLineAnswerRate);
  if (line.inLineAnswerRate !== null && line.inLineAnswerRate < IN_LINE_GOAL) {
    const mark = document.createElement("span");
    mark.className = "below-goal-mark";
    mark.textContent = t("networkBelowGoal");
    cell.append(mark);
  }
  return cell;
}

function onDutyCell(line) {
  const cell = document.createElement("span");
  cell.textContent = `${line.onDuty} / ${line.minimumSeats}`;
  if (line.belowMinimumSeats) {
    const mark = document.createElement("span");
    mark.className = "below-minimum-mark";
    mark.textContent = `⚠ ${t("networkBelowMinimum")}`;
    cell.append(mark);
  }
  return cell;
}

const sorting = { column: null, descending: false };

/** The lines in the order the table shows them: the network's, until a header is clicked. */
export function sorted(lines) {
  const column = COLUMNS.find((c) => c.words === sorting.column);
  if (!column) return lines;
  const collator = new Intl.Collator(language === "en" ? "en" : "zh-CN");
  const compare = (a, b) => {
    const [x, y] = [column.sortBy(a), column.sortBy(b)];
    // A line with nothing to divide comes last whichever way round.
    if (x === null || y === null) return (x === null) - (y === null);
    const order = typeof x === "string" ? collator.compare(x, y) : x - y;
    return sorting.descending ? -order : order;
  };
  return [...lines].sort(compare);
}

function sortOn(column, redraw) {
  sorting.descending = sorting.column === column.words ? !sorting.descending : column.sortBy !== lineName;
  sorting.column = column.words;
  redraw();
}

export function renderTable(table, lines, redraw) {
  const head = document.createElement("tr");
  for (const column of COLUMNS) {
    const th = document.createElement("th");
    th.scope = "col";
    if (column.sortBy) {
      const sort = document.createElement("button");
      sort.type = "button";
      sort.dataset.column = column.words;
      sort.textContent = t(column.words);
      sort.title = t("networkSortBy", { column: t(column.words) });
      sort.addEventListener("click", () => sortOn(column, redraw));
      th.append(sort);
      if (sorting.column === column.words) th.setAttribute("aria-sort", sorting.descending ? "descending" : "ascending");
    } else {
      th.textContent = t(column.words);
    }
    head.append(th);
  }
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(...lines.map((line) => {
    const row = document.createElement("tr");
    row.dataset.line = line.id;
    if (line.belowMinimumSeats) row.className = "below-minimum";
    for (const column of COLUMNS) {
      const td = document.createElement("td");
      const value = column.cell(line);
      if (value instanceof Node) td.append(value);
      else td.textContent = String(value);
      if (typeof value === "number") td.className = "number";
      row.append(td);
    }
    return row;
  }));
}
