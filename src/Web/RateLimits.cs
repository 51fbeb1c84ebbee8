using System.Threading.RateLimiting;
using Hotline.Contracts;
using Hotline.Web.Endpoints;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;

namespace Hotline.Web;

/// <summary>Rate limits (section Hotline:RateLimits). Addresses are used in memory only, to count; they are never stored.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Hotline:RateLimits";

    public int LoginPerMinutePerAddress { get; set; } = 10;

    public int StartChatPerMinutePerAddress { get; set; } = 10;

    public int MessagesPerMinutePerConnection { get; set; } = 30;

    public int MessagesPerMinutePerAddress { get; set; } = 300;
}

public static class RateLimits
{
    public const string Login = "login";

    public static IServiceCollection AddHotlineRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddSingleton(limits);
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(Login, context => PerMinute($"login:{ClientAddress.Key(context)}", limits.LoginPerMinutePerAddress));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                rejected.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = RefusalProblem.Of(429, "Too many attempts",
                        new HotlineException(RefusalCodes.TooManySignIns, "Too many sign-in attempts from this address. Wait a minute, then try again.")),
                });
            };
        });
        services.AddSingleton<HubRateLimitFilter>();
        return services;
    }

    internal static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}

/// <summary>
/// Limits how fast an anonymous worker's connection, and an address, may start chats and send messages. Staff are
/// signed in and accountable, and a counsellor in several chats types fast, so their hubs are not limited here.
/// A refused call changes nothing and gets a plain sentence back (HotlineHubFilter, added before this, words it).
/// </summary>
public sealed class HubRateLimitFilter(RateLimitOptions limits) : IHubFilter, IDisposable
{
    private readonly PartitionedRateLimiter<HubInvocationContext> _limiter = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<HubInvocationContext, string>(call => call.HubMethodName switch
        {
            "SendMessage" => RateLimits.PerMinute($"connection:{call.Context.ConnectionId}", limits.MessagesPerMinutePerConnection),
            _ => RateLimitPartition.GetNoLimiter("unlimited"),
        }),
        PartitionedRateLimiter.Create<HubInvocationContext, string>(call => call.HubMethodName switch
        {
            "SendMessage" => RateLimits.PerMinute($"messages:{Address(call)}", limits.MessagesPerMinutePerAddress),
            "StartChat" => RateLimits.PerMinute($"starts:{Address(call)}", limits.StartChatPerMinutePerAddress),
            _ => RateLimitPartition.GetNoLimiter("unlimited"),
        }));

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.Hub is not Hubs.WorkerHub)
            return await next(invocationContext);
        using var lease = _limiter.AttemptAcquire(invocationContext);
        if (!lease.IsAcquired)
            throw invocationContext.HubMethodName == "StartChat"
                ? new HotlineException(RefusalCodes.TooManyChats, "Too many chats have been started from here just now. Please wait a minute and try again; if you are in danger, call 110 or 12356.")
                : new HotlineException(RefusalCodes.TooManyMessages, "You are sending messages faster than we can take them. Please wait a few seconds, then send again.");
        return await next(invocationContext);
    }

    public void Dispose() => _limiter.Dispose();

    private static string Address(HubInvocationContext call) => ClientAddress.Key(call.Context.GetHttpContext());
}
