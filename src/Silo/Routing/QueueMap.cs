using System.Text.Json;

namespace Hotline.Silo.Routing;

/// <summary>
/// Which queue a conversation joins, from seeds/queues.json: one queue per topic group and language
/// ("work.zh"), and "general" for conversations without a topic.
/// </summary>
public sealed class QueueMap
{
    private readonly Dictionary<string, string> _groupOfTopic;
    private readonly Dictionary<string, IReadOnlyList<string>> _topicsOfGroup;

    public QueueMap(IReadOnlyDictionary<string, IReadOnlyList<string>> groups, IReadOnlyList<string> languages, string general)
    {
        _topicsOfGroup = groups.ToDictionary(g => g.Key, g => g.Value);
        _groupOfTopic = groups.SelectMany(g => g.Value.Select(topic => (topic, group: g.Key))).ToDictionary(x => x.topic, x => x.group);
        General = general;
        All = groups.Keys.SelectMany(group => languages.Select(language => $"{group}.{language}")).Append(general).ToList();
    }

    public string General { get; }

    public IReadOnlyList<string> All { get; }

    public bool Exists(string? name) => name is not null && All.Contains(name);

    public string QueueFor(string? topic, string language) =>
        topic is not null && _groupOfTopic.TryGetValue(topic, out var group) ? $"{group}.{language}" : General;

    /// <summary>The topics a queue serves; empty for the general queue, which serves any.</summary>
    public IReadOnlyList<string> TopicsOf(string queue) =>
        _topicsOfGroup.TryGetValue(queue.Split('.')[0], out var topics) && queue != General ? topics : [];

    public static QueueMap Load(string path, TopicCatalog catalog)
    {
        using var file = File.OpenRead(path);
        var seed = JsonSerializer.Deserialize<Seed>(file, JsonSerializerOptions.Web) ?? throw new InvalidDataException($"{path} is empty.");
        if (seed.Groups.SelectMany(g => g.Topics).FirstOrDefault(t => !catalog.IsTopic(t)) is { } unknown)
            throw new InvalidDataException($"{path} names the unknown topic '{unknown}'.");
        return new QueueMap(seed.Groups.ToDictionary(g => g.Id, g => (IReadOnlyList<string>)g.Topics), catalog.Languages, seed.General);
    }

    public static QueueMap LoadDefault(TopicCatalog catalog) => Load(Path.Combine(AppContext.BaseDirectory, "seeds", "queues.json"), catalog);

    private sealed record Group(string Id, List<string> Topics);

    private sealed record Seed(List<Group> Groups, string General);
}
