using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Hotline.Contracts;

public enum Refusal
{
    /// <summary>Bad input, or a call in the wrong state.</summary>
    Invalid,

    /// <summary>The name or record already exists.</summary>
    Conflict,

    /// <summary>There is no such record.</summary>
    NotFound,

    /// <summary>Something the request needs (the archive's storage) cannot be reached now; the same request can be tried again later.</summary>
    Unavailable,
}

/// <summary>
/// A request the hotline refuses for a reason the caller can act on (bad input, wrong state, not theirs).
/// Hubs turn it into a HubException and endpoints into problem details; nothing was changed when it is thrown.
/// It carries a stable <see cref="Code"/> from <see cref="RefusalCodes"/> and the <see cref="Parameters"/> its
/// sentence uses, so a page can say it in the reader's language; the message is the English sentence.
/// </summary>
[GenerateSerializer, Alias("hotline.HotlineException")]
public sealed partial class HotlineException : Exception
{
    /// <summary><paramref name="sentence"/> is English with {name} holes, filled from <paramref name="parameters"/>.</summary>
    public HotlineException(string code, string sentence, params (string Name, object? Value)[] parameters)
        : this(code, Refusal.Invalid, sentence, parameters)
    {
    }

    public HotlineException(string code, Refusal refusal, string sentence, params (string Name, object? Value)[] parameters)
        : this(code, refusal, sentence, parameters.ToImmutableDictionary(p => p.Name, p => Text(p.Value)))
    {
    }

    private HotlineException(string code, Refusal refusal, string sentence, ImmutableDictionary<string, string> parameters)
        : base(Fill(sentence, parameters))
    {
        Code = code;
        Refusal = refusal;
        Parameters = parameters;
    }

    [Id(0)] public Refusal Refusal { get; private set; }

    [Id(1)] public string Code { get; private set; } = RefusalCodes.Refused;

    [Id(2)] public ImmutableDictionary<string, string> Parameters { get; private set; } = ImmutableDictionary<string, string>.Empty;

    private static string Fill(string sentence, ImmutableDictionary<string, string> parameters) =>
        Hole().Replace(sentence, hole => parameters.TryGetValue(hole.Groups[1].Value, out var value) ? value : hole.Value);

    private static string Text(object? value) => value switch
    {
        null => "",
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Hole();
}
