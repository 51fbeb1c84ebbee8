using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Hotline.Web;

/// <summary>
/// The reverse proxies in front of the web nodes (section Hotline:Proxy): only these may say who the client is
/// (X-Forwarded-For) and whether it came over https (X-Forwarded-Proto). Empty lists mean no proxy, and then no
/// forwarded header is believed from anyone.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Hotline:Proxy";

    /// <summary>Single addresses, e.g. "10.0.0.5" or "::1".</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks in CIDR form, e.g. "10.0.0.0/24".</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary>Forwarded headers from known proxies only, and HSTS outside Development. HTTPS itself is Kestrel's own configuration.</summary>
public static class ProxyHosting
{
    public static IServiceCollection AddHotlineProxy(this IServiceCollection services, IConfiguration configuration)
    {
        var proxy = configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        var proxies = proxy.KnownProxies.Select(text => IPAddress.TryParse(text.Trim(), out var address)
            ? address
            : throw Misconfigured("KnownProxies", text, "an address (10.0.0.5)")).ToList();
        var networks = proxy.KnownNetworks.Select(text => System.Net.IPNetwork.TryParse(text.Trim(), out var network)
            ? network
            : throw Misconfigured("KnownNetworks", text, "a network in CIDR form (10.0.0.0/24)")).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // ASP.NET trusts loopback by default; here only what the operator lists is trusted.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var address in proxies)
                options.KnownProxies.Add(address);
            foreach (var network in networks)
                options.KnownIPNetworks.Add(network);
            // A chain of known proxies (a load balancer, then nginx) is walked back to the first address that is not
            // one of them: that is the client, whatever it wrote into the header itself.
            options.ForwardLimit = null;
        });
        return services;
    }

    /// <summary>First in the pipeline, so that every limit, log and cookie after it sees the real client and scheme.</summary>
    public static WebApplication UseHotlineProxy(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
            app.UseHsts();
        return app;
    }

    private static InvalidOperationException Misconfigured(string key, string text, string expected) =>
        new($"{ProxyOptions.Section}:{key} holds \"{text}\", which is not {expected}.");
}
