namespace Hotline.Contracts.Conversations;

[GenerateSerializer, Immutable, Alias("hotline.StartConversation")]
public sealed record StartConversation(string WorkerKey, Channel Channel, string Topic, string Language, string? FirstMessage);

[GenerateSerializer, Immutable, Alias("hotline.WrapUp")]
public sealed record WrapUp(string Topic, RiskLevel RiskLevel, string Action, string? Notes);

[GenerateSerializer, Immutable, Alias("hotline.Survey")]
public sealed record Survey(int Rating, bool? Helped, string? Comment);
