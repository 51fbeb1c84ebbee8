namespace Hotline.Bench;

/// <summary>The two servers of a run, built from this machine's Release output.</summary>
public static class Servers
{
    /// <summary>B1: this program again, as the bare relay.</summary>
    public static ServerProcess Relay() => new(
        "relay", typeof(Servers).Assembly.Location, ["relay"], new Dictionary<string, string>(), "/healthz");

    /// <summary>B2: the relay again, storing each message in SQLite before forwarding it.</summary>
    public static ServerProcess DurableRelay(string dataDirectory) => new(
        "durable relay", typeof(Servers).Assembly.Location, ["relay", "--durable", Path.Combine(dataDirectory, "relay.db")], new Dictionary<string, string>(), "/healthz");

    /// <summary>B3: the product's embedded profile, as an operator starts it, with rate limits opened for one load generator.</summary>
    public static ServerProcess Product(string dataDirectory) => new(
        "product",
        Path.Combine(AppContext.BaseDirectory, "Hotline.Web.dll"),
        ["--contentRoot", Path.Combine(RepositoryRoot(), "src", "Web")],
        new Dictionary<string, string>(ProductSettings) { ["Hotline__DataDirectory"] = dataDirectory },
        "/readyz");

    /// <summary>A throwaway scrape token for the servers of one run (the relay ignores it). Before the settings that use it: static fields start in order.</summary>
    public static string MetricsToken { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>What every product node is given, in either profile: the bootstrap admin, and rate limits opened for one load generator.</summary>
    public static IReadOnlyDictionary<string, string> ProductSettings { get; } = new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Hotline__BootstrapAdmin__UserName"] = ProductSite.AdminUserName,
        ["Hotline__BootstrapAdmin__Password"] = ProductSite.AdminPassword,
        // The benchmark's admin signs in with the password alone; the second factor is proved by SecondFactorTests.
        ["Hotline__Auth__SecondFactorRoles"] = "none",
        // Every simulated worker talks from 127.0.0.1, which the per-address limits would otherwise stop at once.
        ["Hotline__RateLimits__LoginPerMinutePerAddress"] = "1000000",
        ["Hotline__RateLimits__StartChatPerMinutePerAddress"] = "1000000",
        ["Hotline__RateLimits__MessagesPerMinutePerAddress"] = "100000000",
        ["Hotline__RateLimits__MessagesPerMinutePerConnection"] = "100000000",
        ["Hotline__RateLimits__ChallengeAbovePerMinutePerAddress"] = "1000000",
        ["Hotline__RateLimits__WaitingChatsPerAddress"] = "1000000",
        ["Hotline__RateLimits__WorkerConnectionsPerAddress"] = "1000000",
        ["Hotline__RateLimits__StaffConnectionsPerAddress"] = "1000000",
        ["Hotline__RateLimits__WorkerCallsPerMinutePerConnection"] = "1000000",
        ["Hotline__RateLimits__StaffCallsPerMinutePerConnection"] = "1000000",
        ["Hotline__Auth__BackOffFreeFailuresPerAddress"] = "1000000",
        // The memory and JIT figures are read from /metrics, which answers only its bearer token.
        ["Hotline__Metrics__Token"] = MetricsToken,
    };

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hotline.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Hotline.sln not found above " + AppContext.BaseDirectory);
    }
}
