namespace Hotline.Contracts.Delivery;

/// <summary>An event for browsers: the hub method name the client listens to, and its payload.</summary>
[GenerateSerializer, Immutable, Alias("hotline.ClientEvent")]
public sealed record ClientEvent(string Name, object Payload);
