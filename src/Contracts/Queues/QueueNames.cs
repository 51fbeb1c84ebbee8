namespace Hotline.Contracts.Queues;

public static class QueueNames
{
    /// <summary>The single queue every conversation joins until topic and language queues exist.</summary>
    public const string General = "general";
}
