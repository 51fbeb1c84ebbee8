using System.Text.Json;
using Hotline.Contracts.Counselors;

namespace Hotline.Silo.Counseling;

/// <summary>The first canned replies (seeds/canned-replies.json), held to the same rules as a supervisor's edits.</summary>
public sealed class CannedReplySeed(IReadOnlyList<CannedReply> replies)
{
    public IReadOnlyList<CannedReply> Replies => replies;

    public static CannedReplySeed Load(string path)
    {
        using var file = File.OpenRead(path);
        var seed = JsonSerializer.Deserialize<Seed>(file, JsonSerializerOptions.Web) ?? throw new InvalidDataException($"{path} is empty.");
        return new CannedReplySeed(seed.Replies.Select(CannedReplyRules.Validate).ToList());
    }

    public static CannedReplySeed LoadDefault() => Load(Path.Combine(AppContext.BaseDirectory, "seeds", "canned-replies.json"));

    private sealed record Seed(List<CannedReply> Replies);
}
