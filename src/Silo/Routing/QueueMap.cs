using System.Text.Json;
using Hotline.Silo.Lines;

namespace Hotline.Silo.Routing;

/// <summary>
/// Which queue a conversation joins, from seeds/queues.json: each line has one queue per topic group and language
/// ("work.zh") and "general" for conversations without a topic. The default line's queues keep those names, so that
/// what was stored before lines existed is its; another line's are prefixed with the line ("luoyang/work.zh").
/// </summary>
public sealed class QueueMap
{
    private readonly Dictionary<string, string> _groupOfTopic;
    private readonly Dictionary<string, IReadOnlyList<string>> _topicsOfGroup;
    private readonly LineCatalog _lines;

    public QueueMap(IReadOnlyDictionary<string, IReadOnlyList<string>> groups, IReadOnlyList<string> languages, string general, LineCatalog lines)
    {
        _topicsOfGroup = groups.ToDictionary(g => g.Key, g => g.Value);
        _groupOfTopic = groups.SelectMany(g => g.Value.Select(topic => (topic, group: g.Key))).ToDictionary(x => x.topic, x => x.group);
        _lines = lines;
        General = general;
        Local = groups.Keys.SelectMany(group => languages.Select(language => $"{group}.{language}")).Append(general).ToList();
    }

    public string General { get; }

    /// <summary>The queues every line has, by their names within a line.</summary>
    public IReadOnlyList<string> Local { get; }

    /// <summary>A line's queue by its name within the line.</summary>
    public string NameOf(string line, string local) => line == _lines.Default.Id ? local : $"{line}/{local}";

    /// <summary>Every queue of one line.</summary>
    public IReadOnlyList<string> Of(string line) => [.. Local.Select(local => NameOf(line, local))];

    /// <summary>The line a queue belongs to, and its name within the line.</summary>
    public (string Line, string Local) Parse(string name) => name.IndexOf('/') is var slash and >= 0
        ? (name[..slash], name[(slash + 1)..])
        : (_lines.Default.Id, name);

    /// <summary>A queue of <paramref name="line"/> by its name within the line, or by its full name.</summary>
    public string? Find(string line, string? name)
    {
        if (name is null)
            return null;
        var (queueLine, local) = Parse(name);
        return Local.Contains(local) && (queueLine == line || !name.Contains('/')) ? NameOf(line, local) : null;
    }

    public string QueueFor(string line, string? topic, string language) =>
        NameOf(line, topic is not null && _groupOfTopic.TryGetValue(topic, out var group) ? $"{group}.{language}" : General);

    /// <summary>The language a queue serves; null for a general queue, which serves any.</summary>
    public string? LanguageOf(string queue) => Parse(queue).Local is var local && local == General ? null : local[(local.IndexOf('.') + 1)..];

    /// <summary>The topics a queue serves; empty for a general queue, which serves any.</summary>
    public IReadOnlyList<string> TopicsOf(string queue) =>
        Parse(queue).Local is var local && local != General && _topicsOfGroup.TryGetValue(local.Split('.')[0], out var topics) ? topics : [];

    public static QueueMap Load(string path, TopicCatalog catalog, LineCatalog lines)
    {
        using var file = File.OpenRead(path);
        var seed = JsonSerializer.Deserialize<Seed>(file, JsonSerializerOptions.Web) ?? throw new InvalidDataException($"{path} is empty.");
        if (seed.Groups.SelectMany(g => g.Topics).FirstOrDefault(t => !catalog.IsTopic(t)) is { } unknown)
            throw new InvalidDataException($"{path} names the unknown topic '{unknown}'.");
        return new QueueMap(seed.Groups.ToDictionary(g => g.Id, g => (IReadOnlyList<string>)g.Topics), catalog.Languages, seed.General, lines);
    }

    public static QueueMap LoadDefault(TopicCatalog catalog, LineCatalog lines) =>
        Load(Path.Combine(AppContext.BaseDirectory, "seeds", "queues.json"), catalog, lines);

    private sealed record Group(string Id, List<string> Topics);

    private sealed record Seed(List<Group> Groups, string General);
}
