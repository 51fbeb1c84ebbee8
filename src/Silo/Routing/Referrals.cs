using System.Text.Json;

namespace Hotline.Silo.Routing;

/// <summary>Other ways to get help now (seeds/referrals.json), in the worker's language.</summary>
public sealed class Referrals(IReadOnlyList<Referrals.Entry> alternatives, IReadOnlyList<Referrals.Entry> emergency)
{
    /// <param name="Tel">The numbers a worker can tap to call.</param>
    /// <param name="Languages">The languages the service works in; null for everyone (the emergency numbers).</param>
    /// <param name="Region">Set for a service of one region only: told with its region, since no line carries one yet.</param>
    public sealed record Entry(string Id, string Zh, string En, IReadOnlyList<string>? Tel = null, IReadOnlyList<string>? Languages = null, Region? Region = null)
    {
        public bool Speaks(string language) => Languages is null || Languages.Contains(language);
    }

    public sealed record Region(string Id, string Zh, string En);

    /// <summary>The emergency card a counsellor sees at R4.</summary>
    public IReadOnlyList<Entry> Emergency => emergency;

    /// <summary>Every entry, as a card a counsellor can send into a chat: the alternatives, then the emergency lines.</summary>
    public IReadOnlyList<Entry> Cards => [.. alternatives, .. emergency];

    public Entry? Find(string? id) => Cards.FirstOrDefault(card => card.Id == id);

    /// <summary>The cards a counsellor can send into a chat of a line: every region's, the regional ones the line names (<paramref name="local"/>), the emergency lines.</summary>
    public IReadOnlyList<Entry> CardsFor(IReadOnlyCollection<string> local) =>
        [.. alternatives.Where(a => a.Region is null || local.Contains(a.Id)), .. emergency];

    /// <summary>A card as the worker reads it: marked as a number to call, so it stands out from the chat.</summary>
    public static string CardText(Entry card, string language) => $"📞 {(language == "en" ? card.En : card.Zh)}";

    /// <summary>
    /// The alternatives for a worker of this language at a line: those of every region, then the regional ones the line
    /// (or a line above it) names as its own (<paramref name="local"/>, <c>LineCatalog.LocalReferrals</c>), so that a
    /// Beijing-only centre is offered to Beijing's workers only.
    /// </summary>
    public IReadOnlyList<Entry> For(string language, IReadOnlyCollection<string> local) =>
        [.. alternatives.Where(a => a.Speaks(language) && (a.Region is null || local.Contains(a.Id))).OrderBy(a => a.Region is not null)];

    /// <summary>An alternative as one line, a regional one marked with its region.</summary>
    public static string Line(Entry entry, string language) => (language == "en", entry.Region) switch
    {
        (_, null) => language == "en" ? entry.En : entry.Zh,
        (true, { } region) => $"{entry.En} ({region.En} only)",
        (false, { } region) => $"{entry.Zh}（仅限{region.Zh}）",
    };

    public string Alternatives(string language, IReadOnlyCollection<string> local) =>
        string.Join(language == "en" ? "; " : "；", For(language, local).Select(a => Line(a, language)));

    /// <summary>Told once a conversation has waited past the overflow time; with nobody on duty, it says so rather than "busy".</summary>
    public string LongWait(string language, bool nobodyOnDuty, IReadOnlyCollection<string> local) => (language == "en", nobodyOnDuty) switch
    {
        (true, false) => $"Thank you for waiting. All our counsellors are busy; we are now asking every available counsellor. You can keep waiting here. Other ways to get help now: {Alternatives(language, local)}.",
        (false, false) => $"感谢您的耐心等待。咨询师目前都在忙，我们正在请所有有空的咨询师接听，您可以继续在这里等候。您也可以现在就通过以下方式获得帮助：{Alternatives(language, local)}。",
        (true, true) => $"Thank you for waiting. No counsellor is on duty right now; you can keep waiting here for the next one. Other ways to get help now: {Alternatives(language, local)}.",
        (false, true) => $"感谢您的耐心等待。现在没有咨询师值班，您可以继续在这里等候下一位咨询师。您也可以现在就通过以下方式获得帮助：{Alternatives(language, local)}。",
    };

    /// <summary>Told instead of a place in the queue when it is full.</summary>
    public string QueueFull(string language, IReadOnlyCollection<string> local) => language == "en"
        ? $"Sorry, all our counsellors are busy and the queue is full right now. Please try again in a few minutes. Other ways to get help now: {Alternatives(language, local)}."
        : $"抱歉，咨询师目前都在忙，排队人数已满，请几分钟后再试。您也可以现在就通过以下方式获得帮助：{Alternatives(language, local)}。";

    /// <summary>Told to a blocked worker: neutral, never "you are blocked", and with the other ways to get help.</summary>
    public string Unavailable(string language, IReadOnlyCollection<string> local) => language == "en"
        ? $"We cannot start a chat for you right now. Other ways to get help now: {Alternatives(language, local)}."
        : $"目前无法为您开始对话。您可以通过以下方式获得帮助：{Alternatives(language, local)}。";

    public static string CounselorDisconnected(string language) => language == "en"
        ? "Your counsellor was disconnected. We are finding another counsellor for you; everything you wrote is kept."
        : "您的咨询师连接中断了，我们正在为您寻找另一位咨询师，您之前的对话都会保留。";

    public static string Transferred(string language) => language == "en"
        ? "You are being passed to another counsellor, who will see everything you have written so far."
        : "正在为您转接另一位咨询师，对方能看到您之前写下的全部内容。";

    /// <summary>Told when a counsellor of a backup line (the parent line, or one further up) answers: which line they are from.</summary>
    public static string AnsweredByBackup(string language, string lineName) => language == "en"
        ? $"Your line's counsellors cannot answer right now, so a counsellor of {lineName} will talk with you. They can see everything you have written so far."
        : $"您所在热线的咨询师暂时无法接听，现在由{lineName}的咨询师与您交谈，对方能看到您之前写下的全部内容。";

    public static Referrals Load(string path)
    {
        using var file = File.OpenRead(path);
        var seed = JsonSerializer.Deserialize<Seed>(file, JsonSerializerOptions.Web) ?? throw new InvalidDataException($"{path} is empty.");
        var all = seed.Alternatives.Concat(seed.Emergency).ToList();
        // Counsellors send cards by id: one that is missing or repeated would send nothing, or the wrong line.
        if (all.Any(entry => string.IsNullOrWhiteSpace(entry.Id)) || all.DistinctBy(entry => entry.Id).Count() != all.Count)
            throw new InvalidDataException($"{path}: every referral needs an id of its own.");
        return new Referrals(seed.Alternatives, seed.Emergency);
    }

    public static Referrals LoadDefault() => Load(Path.Combine(AppContext.BaseDirectory, "seeds", "referrals.json"));

    private sealed record Seed(List<Entry> Alternatives, List<Entry> Emergency);
}
