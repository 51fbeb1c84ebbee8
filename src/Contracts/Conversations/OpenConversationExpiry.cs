namespace Hotline.Contracts.Conversations;

/// <summary>What retention did with an open conversation (<see cref="IConversationGrain.Expire"/>).</summary>
public enum OpenConversationExpiry
{
    /// <summary>Something happened in it within the retention time: left alone.</summary>
    Kept,
    /// <summary>It was archived or is gone: nothing to do here.</summary>
    NotOpen,
    /// <summary>It was still open long past the retention time: ended now, as if the worker left.</summary>
    Ended,
    /// <summary>Its wrap-up was never written and it ended before the retention time: due for deletion (<see cref="IConversationGrain.Forget"/>).</summary>
    Due,
}
