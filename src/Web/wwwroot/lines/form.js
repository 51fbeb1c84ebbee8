// The form of one line, to and from the shape /api/admin/lines reads and takes (that of seeds/lines.json). Opening
// hours are one row per line of text, "mon tue wed 08:00-22:00"; the server checks every value and says what is wrong.
const $ = (id) => document.getElementById(id);

const list = (text) => text.split(/[\s,，;；]+/).filter(Boolean);

/** The hours as text: one row per span. */
function hoursText(hours) {
  return (hours ?? []).map((span) => `${span.days.join(" ")} ${span.open}-${span.close}`).join("\n");
}

/** The text's rows as spans; a row without a time range is sent as it is, for the server to refuse plainly. */
function hoursOf(text) {
  return text.split("\n").map((row) => row.trim()).filter(Boolean).map((row) => {
    const words = list(row);
    const range = words.length > 1 ? words.pop() : "";
    const [open, close] = range.split(/[-–~]/);
    return { days: words, open: open || range || null, close: close ?? null };
  });
}

/** Fills the form with a line (editing: its id cannot change) or a new line's starting values. */
export function fillForm(line, { editing }) {
  $("line-id").value = line.id ?? "";
  $("line-id").readOnly = editing;
  $("line-zh").value = line.zh ?? "";
  $("line-en").value = line.en ?? "";
  $("line-region").value = line.region ?? "";
  $("line-parent").value = line.parent ?? "";
  $("line-hours").value = hoursText(line.hours);
  $("line-closed-on").value = (line.closedOn ?? []).join(", ");
  $("line-time-zone").value = line.timeZone ?? "Asia/Shanghai";
  $("line-seats").value = line.minimumSeats ?? 2;
  $("line-backup").value = line.backupAfterSeconds ?? 60;
  $("line-referrals").value = (line.referrals ?? []).join(", ");
  $("line-phone").value = line.phoneNumber ?? "";
}

const number = (input) => (input.value.trim() === "" ? null : Number(input.value));

/** The line the form describes, as PUT /api/admin/lines/{id} takes it. */
export function readForm() {
  return {
    id: $("line-id").value.trim(),
    zh: $("line-zh").value.trim(),
    en: $("line-en").value.trim(),
    region: $("line-region").value.trim(),
    parent: $("line-parent").value || null,
    hours: hoursOf($("line-hours").value),
    closedOn: list($("line-closed-on").value),
    timeZone: $("line-time-zone").value.trim(),
    minimumSeats: number($("line-seats")),
    backupAfterSeconds: number($("line-backup")),
    referrals: list($("line-referrals").value),
    phoneNumber: $("line-phone").value.trim() || null,
  };
}
