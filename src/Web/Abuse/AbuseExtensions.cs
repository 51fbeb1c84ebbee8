namespace Hotline.Web.Abuse;

public static class AbuseExtensions
{
    /// <summary>What holds abuse back beside the rate limiters: hub origins, connections and new chats per address, start challenges.</summary>
    public static IServiceCollection AddHotlineAbuseLimits(this IServiceCollection services)
    {
        services.AddSingleton<HubOrigins>();
        services.AddSingleton<AddressConnections>();
        services.AddSingleton<AddressKeys>();
        services.AddSingleton<StartChallenges>();
        services.AddSingleton<ChatAdmission>();
        return services;
    }

    /// <summary>Before authentication, so that a foreign page's hub request is refused before any work is done for it.</summary>
    public static IApplicationBuilder UseHubOrigins(this IApplicationBuilder app) => HubOrigins.UseHubOrigins(app);
}
