namespace Hotline.IntegrationTests;

/// <summary>What a page does for every message typed: gives it an id of its own (pages use crypto.randomUUID()).</summary>
public static class ClientIds
{
    public static string New() => Guid.NewGuid().ToString();
}
