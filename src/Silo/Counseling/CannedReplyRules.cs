using System.Text.RegularExpressions;
using Hotline.Contracts;
using Hotline.Contracts.Counselors;

namespace Hotline.Silo.Counseling;

/// <summary>What a canned reply may look like. The picker is a short list on a phone-sized page, so titles stay short.</summary>
public static partial class CannedReplyRules
{
    public const int MaxIdLength = 40;
    public const int MaxTitleLength = 40;
    public const int MaxTextLength = 1000;
    public const int MaxReplies = 50;

    /// <summary>The reply with its titles and texts trimmed, or a refusal that says what to fix.</summary>
    public static CannedReply Validate(CannedReply reply)
    {
        if (!IsId(reply.Id))
            throw BadId();
        return new CannedReply(reply.Id,
            Field(reply.TitleZh, "titleZh", MaxTitleLength), Field(reply.TitleEn, "titleEn", MaxTitleLength),
            Field(reply.TextZh, "textZh", MaxTextLength), Field(reply.TextEn, "textEn", MaxTextLength));
    }

    public static HotlineException BadId() => new(RefusalCodes.CannedReplyBadId,
        "A canned reply's id is 1–{max} lowercase letters, digits and single hyphens (such as 'ask-safety').", ("max", MaxIdLength));

    public static bool IsId(string? id) => id is { Length: > 0 and <= MaxIdLength } && IdPattern().IsMatch(id);

    private static string Field(string? value, string name, int maxLength)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0)
            throw new HotlineException(RefusalCodes.CannedReplyFieldMissing, "{field} is required.", ("field", name));
        if (trimmed.Length > maxLength)
            throw new HotlineException(RefusalCodes.CannedReplyFieldTooLong, "{field} is {length} characters long; the limit is {max}.", ("field", name), ("length", trimmed.Length), ("max", maxLength));
        return trimmed;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();
}
