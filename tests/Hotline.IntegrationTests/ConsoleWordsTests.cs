using System.Text.RegularExpressions;
using Hotline.Contracts.Supervision;

namespace Hotline.IntegrationTests;

/// <summary>
/// The console words every audit action and alert reason the server records, in both languages: a code without words
/// would show as its raw id (`account-create`) on the page.
/// </summary>
public sealed partial class ConsoleWordsTests
{
    private static readonly string Words = Path.Combine(HotlineServer.RepositoryRoot(), "src", "Web", "wwwroot", "words");

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public void Every_audit_action_and_alert_reason_has_words(string language)
    {
        var keys = Key().Matches(File.ReadAllText(Path.Combine(Words, language, "supervisor.js"))).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Empty(AuditActions.All.Select(action => $"auditAction.{action}").Except(keys));
        Assert.Empty(AlertReasons.All.Select(reason => $"alertReason.{reason}").Except(keys));
    }

    [GeneratedRegex(@"^\s*""([\w.-]+)"":", RegexOptions.Multiline)]
    private static partial Regex Key();
}
