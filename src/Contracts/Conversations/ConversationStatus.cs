namespace Hotline.Contracts.Conversations;

/// <summary>Queued → Offered → Active → WrapUp → Closed; Abandoned when the worker leaves before an answer.</summary>
public enum ConversationStatus
{
    Queued,
    Offered,
    Active,
    WrapUp,
    Closed,
    Abandoned,
}
