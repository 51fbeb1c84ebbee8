using System.Text.Json;

namespace Hotline.Silo;

/// <param name="Internal">A topic for staff only (a wrap-up's "non-service"): never offered to a worker, nor taken from one.</param>
public sealed record CatalogEntry(string Id, string Zh, string En, bool Internal = false);

/// <summary>The topic taxonomy, action codes and languages from seeds/topics.json.</summary>
public sealed class TopicCatalog
{
    public TopicCatalog(IReadOnlyList<CatalogEntry> topics, IReadOnlyList<CatalogEntry> actions, IReadOnlyList<string> languages)
    {
        Topics = topics;
        Actions = actions;
        Languages = languages;
    }

    public IReadOnlyList<CatalogEntry> Topics { get; }

    public IReadOnlyList<CatalogEntry> Actions { get; }

    public IReadOnlyList<string> Languages { get; }

    /// <summary>The topics a worker may choose from.</summary>
    public IReadOnlyList<CatalogEntry> WorkerTopics => [.. Topics.Where(t => !t.Internal)];

    public bool IsTopic(string? id) => Topics.Any(t => t.Id == id);

    public bool IsWorkerTopic(string? id) => WorkerTopics.Any(t => t.Id == id);

    public bool IsAction(string? id) => Actions.Any(a => a.Id == id);

    public bool IsLanguage(string? id) => Languages.Contains(id);

    public static TopicCatalog Load(string path)
    {
        using var file = File.OpenRead(path);
        var seed = JsonSerializer.Deserialize<Seed>(file, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException($"{path} is empty.");
        return new TopicCatalog(seed.Topics, seed.Actions, seed.Languages);
    }

    public static TopicCatalog LoadDefault() => Load(Path.Combine(AppContext.BaseDirectory, "seeds", "topics.json"));

    private sealed record Seed(List<CatalogEntry> Topics, List<CatalogEntry> Actions, List<string> Languages);
}
