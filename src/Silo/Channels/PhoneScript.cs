using Hotline.Silo.Routing;

namespace Hotline.Silo.Channels;

/// <summary>What the hotline texts and says on the phone, in the worker's language (zh unless they write in English).</summary>
public static class PhoneScript
{
    // Twilio's own opt-out words, and what Chinese senders text to unsubscribe.
    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase) { "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "退订", "TD" };

    public static bool IsStop(string body) => StopWords.Contains(body.Trim().TrimEnd('.', '!', '。', '！'));

    /// <summary>Chinese if any Han character appears, else English when it has Latin letters, else Chinese.</summary>
    public static string LanguageOf(string body)
    {
        if (body.Any(c => c is >= '\u4e00' and <= '\u9fff'))
            return "zh";
        return body.Any(char.IsAsciiLetter) ? "en" : "zh";
    }

    /// <summary>
    /// The first reply to a new SMS conversation: its place, the short privacy notice (replying is agreeing), the way out
    /// and the other help (with the regional services of the line's <paramref name="local"/> referrals).
    /// </summary>
    public static string Queued(string language, int position, int estimatedWaitSeconds, Referrals referrals, IReadOnlyCollection<string> local, int retentionDays)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(estimatedWaitSeconds / 60.0));
        return language == "en"
            ? $"This is the workers' counselling line. You are number {position} in the queue; the wait is about {minutes} min. A counsellor will text you here. {TextNotice(language, retentionDays)} Reply STOP to end. In immediate danger, call 110 or 120. Other help now: {referrals.Alternatives(language, local)}."
            : $"这里是职工心理热线。您在排队第 {position} 位，预计等待约 {minutes} 分钟，咨询师会通过短信回复您。{TextNotice(language, retentionDays)}回复“退订”可结束对话。如有紧急危险，请立即拨打 110 或 120。其他求助方式：{referrals.Alternatives(language, local)}。";
    }

    /// <summary>
    /// The short privacy notice by text (the full one is the web page's /privacy), as few words as it can be: texts
    /// are billed per part (<see cref="SmsParts"/>).
    /// </summary>
    public static string TextNotice(string language, int retentionDays) => language == "en"
        ? $"Privacy: the chat is kept {KeptFor(language, retentionDays)}, read by counsellors and supervisors, and screened for risk; if a life is in danger we may call for help. Replying means you agree."
        : $"隐私：对话保存 {KeptFor(language, retentionDays)}，咨询师和督导可查看，并自动做风险筛查；危及生命时我们会设法求助。继续回复即表示同意。";

    /// <summary>How long records are kept, as people say it: whole years when it is whole years.</summary>
    public static string KeptFor(string language, int days) => (days % 365 == 0, language == "en") switch
    {
        (true, true) => days == 365 ? "1 year" : $"{days / 365} years",
        (true, false) => $"{days / 365} 年",
        (false, true) => days == 1 ? "1 day" : $"{days} days",
        (false, false) => $"{days} 天",
    };

    public static string CounselorJoined(string language, string counselorName) => language == "en"
        ? $"{counselorName}, a counsellor, is with you now. You can reply to this number."
        : $"咨询师{counselorName}已经接入，您可以直接回复这条短信。";

    public static string Ended(string language) => language == "en"
        ? "The counsellor has ended this conversation. Text this number again any time you need to talk."
        : "咨询师已结束本次对话。需要倾诉时，随时可以再发短信到这个号码。";

    /// <summary>The call's greeting, with the short privacy notice: staying on the line is agreeing.</summary>
    public static string Greeting(bool recorded, int retentionDays) =>
        "您好，这里是职工心理热线。" + (recorded ? "为保证服务质量，通话可能会被录音。" : "") +
        $"隐私提示：咨询师会记下通话要点，保存 {KeptFor("zh", retentionDays)}，咨询师和督导可以查看；如有生命危险，我们会设法联系紧急救助。继续通话即表示您同意。" +
        "我们正在为您接通咨询师，请稍候。";

    public static string StillWaiting => "咨询师都在忙，请不要挂机，我们会尽快为您接通。";

    public static string AlternativesAndVoicemail(Referrals referrals, IReadOnlyCollection<string> local) =>
        $"感谢您的耐心等待。您也可以现在就通过以下方式获得帮助：{referrals.Alternatives("zh", local)}。如需留言，请按 1；继续等待请不要挂机。";

    public static string VoicemailPrompt => "请在提示音后留言，说完后挂机即可。我们会尽快联系您。";

    public static string VoicemailThanks => "谢谢，您的留言已经收到。";

    public static string Connecting => "正在为您接通咨询师。";

    public static string Goodbye => "本次通话已结束，谢谢您的来电。";
}
