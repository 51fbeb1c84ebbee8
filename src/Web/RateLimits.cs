using System.Threading.RateLimiting;
using Hotline.Contracts;
using Hotline.Web.Abuse;
using Hotline.Web.Endpoints;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;

namespace Hotline.Web;

/// <summary>Rate limits (section Hotline:RateLimits). Addresses are used in memory only, to count; they are never stored.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Hotline:RateLimits";

    public int LoginPerMinutePerAddress { get; set; } = 10;

    /// <summary>The hard limit of chats one address starts a minute, counted across the cluster.</summary>
    public int StartChatPerMinutePerAddress { get; set; } = 10;

    /// <summary>Above this many starts a minute from one address, a start needs a solved proof-of-work challenge.</summary>
    public int ChallengeAbovePerMinutePerAddress { get; set; } = 3;

    /// <summary>Leading zero bits of SHA-256 the challenge asks for: 16 is about 65,000 hashes, a second or two on a phone.</summary>
    public int ChallengeDifficultyBits { get; set; } = 16;

    public int ChallengeSeconds { get; set; } = 120;

    /// <summary>Chats from one address waiting in the queues at once, counted across the cluster.</summary>
    public int WaitingChatsPerAddress { get; set; } = 20;

    public int WorkerConnectionsPerAddress { get; set; } = 50;

    public int StaffConnectionsPerAddress { get; set; } = 200;

    public int MessagesPerMinutePerConnection { get; set; } = 30;

    public int MessagesPerMinutePerAddress { get; set; } = 300;

    /// <summary>Each other worker-hub method (StartChat, ResumeChat, Typing, GetMessagesAfter, EndChat, LeaveInHurry, SubmitSurvey), each counted apart.</summary>
    public int WorkerCallsPerMinutePerConnection { get; set; } = 120;

    /// <summary>Each staff-hub method, each counted apart: far above any person's work, low enough to stop a runaway script.</summary>
    public int StaffCallsPerMinutePerConnection { get; set; } = 600;
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
        services.AddHotlineAbuseLimits();
        return services;
    }

    internal static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}

/// <summary>
/// Limits on every hub call and connection. A worker's connection may call each method so often a minute, and send
/// messages within its own and its address's limits; a staff connection gets the same kind of per-method limit, set
/// far above a person's work (a counsellor in several chats types fast; a supervisor must never be held back from
/// stepping in). Each address may hold so many connections to the worker hub, and more to the staff hubs. A refused
/// call changes nothing and gets a plain sentence back (HotlineHubFilter, added before this, words it). How many chats
/// an address starts is counted across the cluster by <see cref="Abuse.ChatAdmission"/>.
/// </summary>
public sealed class HubRateLimitFilter(RateLimitOptions limits, AddressConnections connections) : IHubFilter, IDisposable
{
    private const string CountedAs = "connections-counted-as";

    private readonly PartitionedRateLimiter<HubInvocationContext> _limiter = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<HubInvocationContext, string>(call => call switch
        {
            { Hub: Hubs.WorkerHub, HubMethodName: "SendMessage" } => RateLimits.PerMinute($"connection:{call.Context.ConnectionId}:SendMessage", limits.MessagesPerMinutePerConnection),
            { Hub: Hubs.WorkerHub } => RateLimits.PerMinute($"connection:{call.Context.ConnectionId}:{call.HubMethodName}", limits.WorkerCallsPerMinutePerConnection),
            _ => RateLimits.PerMinute($"connection:{call.Context.ConnectionId}:{call.HubMethodName}", limits.StaffCallsPerMinutePerConnection),
        }),
        PartitionedRateLimiter.Create<HubInvocationContext, string>(call => call switch
        {
            { Hub: Hubs.WorkerHub, HubMethodName: "SendMessage" } => RateLimits.PerMinute($"messages:{Address(call.Context)}", limits.MessagesPerMinutePerAddress),
            _ => RateLimitPartition.GetNoLimiter("unlimited"),
        }));

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        using var lease = _limiter.AttemptAcquire(invocationContext);
        if (!lease.IsAcquired)
            throw invocationContext.HubMethodName == "SendMessage"
                ? new HotlineException(RefusalCodes.TooManyMessages, "You are sending messages faster than we can take them. Please wait a few seconds, then send again.")
                : new HotlineException(RefusalCodes.TooManyCalls, "This window is asking faster than we can answer. Please wait a minute, then try again; if you are in danger, call 110, 120 or 12356.");
        return await next(invocationContext);
    }

    /// <summary>A connection over its address's cap is closed at once, with the refusal as its reason.</summary>
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var (key, cap) = context.Hub is Hubs.WorkerHub
            ? ($"worker:{Address(context.Context)}", limits.WorkerConnectionsPerAddress)
            : ($"staff:{Address(context.Context)}", limits.StaffConnectionsPerAddress);
        if (!connections.TryOpen(key, cap))
            throw new HubException(Hubs.HotlineHubFilter.Text(new HotlineException(RefusalCodes.TooManyConnections,
                "Too many windows from your network are connected just now. Close the hotline's other windows or tabs, or wait a few minutes, then try again; if you are in danger, call 110, 120 or 12356.")));
        context.Context.Items[CountedAs] = key;
        try
        {
            await next(context);
        }
        catch
        {
            Closed(context.Context);
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            Closed(context.Context);
        }
    }

    public void Dispose() => _limiter.Dispose();

    private void Closed(HubCallerContext context)
    {
        if (context.Items.Remove(CountedAs, out var key))
            connections.Close((string)key!);
    }

    private static string Address(HubCallerContext context) => ClientAddress.Key(context.GetHttpContext());
}
