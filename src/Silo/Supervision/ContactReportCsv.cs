using System.Text;

namespace Hotline.Silo.Supervision;

/// <summary>
/// A contact report as CSV: per period a <c>total</c> row with the rates and averages, then one row per dimension and
/// value. UTF-8 with a byte-order mark, because without one Excel reads UTF-8 as the local code page and garbles Chinese.
/// A count of 1–4 is <c>&lt;5</c>, a count held back so that none of those can be worked out is <c>*</c>; a small
/// period's averages, and the answer rate when an outcome count is hidden, are empty (held back); an average with
/// nothing to divide is <c>—</c>.
/// </summary>
public static class ContactReportCsv
{
    public const string NothingToDivide = "—";

    public const string Header = "period,dimension,value,contacts,answerRate,averageSecondsToAnswer,averageHandleSeconds,averageRating,shareHelped";

    public static byte[] Bytes(ContactReportExport report) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Write(report))];

    public static string Write(ContactReportExport report)
    {
        var csv = new StringBuilder().Append(Header).Append("\r\n");
        foreach (var period in report.Periods)
        {
            var heldBack = period.Contacts == ContactReport.Suppressed;
            string? Average(string? value) => heldBack ? null : value ?? NothingToDivide;
            var answerRate = ContactReport.HoldsBackAnswerRate(period.By) ? null : Average(period.AnswerRate);
            Row(csv, period.Period, "total", "", period.Contacts, answerRate, Average(period.AverageSecondsToAnswer),
                Average(period.AverageHandleSeconds), Average(period.AverageRating), Average(period.ShareHelped));
            foreach (var (dimension, values) in period.By)
                foreach (var (value, contacts) in values)
                    Row(csv, period.Period, dimension, value, contacts, null, null, null, null, null);
        }
        return csv.ToString();
    }

    /// <summary>
    /// Quotes a field holding a comma, quote or line break, doubling its quotes (RFC 4180). A field that starts like a
    /// formula gets a leading apostrophe, so a spreadsheet shows it instead of running it.
    /// </summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        if (value[0] is '=' or '+' or '-' or '@')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";
    }

    private static void Row(StringBuilder csv, params string?[] fields) =>
        csv.Append(string.Join(',', fields.Select(Field))).Append("\r\n");
}
