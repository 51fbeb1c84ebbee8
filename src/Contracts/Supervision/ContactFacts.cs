using System.Globalization;
using Hotline.Contracts.Conversations;
using Orleans.Concurrency;

namespace Hotline.Contracts.Supervision;

public enum ContactOutcome
{
    Answered,
    Abandoned,
}

/// <summary>
/// One ended contact, as reports count it. It holds no message text and no worker key on purpose: reports must never
/// lead back to a person. <paramref name="RiskLevel"/>, <paramref name="Topic"/> and <paramref name="Action"/> are the
/// final ones (the wrap-up's); the seconds are null for an abandoned contact, the rating and helped until a survey came.
/// <paramref name="Line"/> is the contact's line (null for a fact from before lines: the default line's), and
/// <paramref name="AnsweredByLine"/> the line whose counsellor first answered it (its own, or a line above it as
/// backup; null when abandoned, and for a fact from before backup routing, which counts as answered by its own line).
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.ContactFact")]
public sealed record ContactFact(
    Guid ConversationId,
    DateTimeOffset ArrivedAt,
    Channel Channel,
    string Topic,
    RiskLevel RiskLevel,
    string? Action,
    ContactOutcome Outcome,
    double? SecondsToAnswer,
    double? HandleSeconds,
    int? Rating,
    bool? Helped,
    string? Line = null,
    string? AnsweredByLine = null);

/// <summary>
/// The contact facts of one UTC day of arrival (key <c>yyyy-MM-dd</c>). Conversations report one-way; a later fact of
/// the same conversation (the survey came after the wrap-up) replaces the earlier one.
/// </summary>
public interface IContactLogGrain : IGrainWithStringKey
{
    [OneWay] Task Record(ContactFact fact);

    Task<IReadOnlyList<ContactFact>> Facts();

    /// <summary>The log a contact belongs to: the UTC day it arrived on, which never changes, so every report of it lands in the same log.</summary>
    static string KeyFor(DateTimeOffset arrivedAt) => KeyFor(DateOnly.FromDateTime(arrivedAt.UtcDateTime));

    static string KeyFor(DateOnly utcDay) => utcDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
