namespace Hotline.Silo.Keys;

/// <summary>Which data key seals what: one per conversation (its state, its message pages, its archived record), one per other grain.</summary>
public static class DataKeyIds
{
    /// <summary>The Orleans grain type of <c>ConversationGrain</c>.</summary>
    private const string ConversationGrainType = "conversation";

    public static string Conversation(Guid conversationId) => $"conversation-{conversationId:N}";

    /// <summary>A conversation's states share its key; any other grain's state has a key of that grain's own.</summary>
    public static string For(GrainId grainId) =>
        grainId.Type.ToString() == ConversationGrainType && grainId.TryGetGuidKey(out var conversationId, out _)
            ? Conversation(conversationId)
            : $"grain-{grainId}";
}
