using System.Xml.Linq;

namespace Hotline.Web.Twilio;

/// <summary>TwiML answers, built as XML (so every text is escaped) in the shapes Twilio documents.</summary>
public static class Twiml
{
    public const string ChineseVoice = "zh-CN";

    public static IResult Respond(params object[] verbs) =>
        Results.Content(new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("Response", verbs)).ToString(), "application/xml; charset=utf-8");

    public static XElement Say(string text) => new("Say", new XAttribute("language", ChineseVoice), text);

    public static XElement Message(string text) => new("Message", text);

    public static XElement Redirect(string url) => new("Redirect", new XAttribute("method", "POST"), url);

    public static XElement Pause(int seconds) => new("Pause", new XAttribute("length", seconds));

    public static XElement Play(string url) => new("Play", url);

    public static XElement Hangup() => new("Hangup");

    /// <summary>One key press, posted to <paramref name="action"/>; nothing pressed falls through to the next verb.</summary>
    public static XElement Gather(string action, XElement prompt) =>
        new("Gather", new XAttribute("numDigits", 1), new XAttribute("timeout", 8), new XAttribute("action", action), new XAttribute("method", "POST"), prompt);

    public static XElement Record(string action) =>
        new("Record", new XAttribute("maxLength", 180), new XAttribute("playBeep", "true"), new XAttribute("action", action), new XAttribute("method", "POST"));

    /// <summary>Rings the counsellor: their phone when they have one, else their browser (Twilio Client, by user id).</summary>
    public static XElement Dial(string? phoneNumber, string counselorId, bool record)
    {
        var dial = new XElement("Dial", phoneNumber is { Length: > 0 } ? new XElement("Number", phoneNumber) : new XElement("Client", counselorId));
        if (record)
            dial.Add(new XAttribute("record", "record-from-answer"));
        return dial;
    }
}
