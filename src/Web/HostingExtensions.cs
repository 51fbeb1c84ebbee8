using System.Text.Json.Serialization;
using Hotline.Silo;
using Hotline.Silo.Lines;
using Hotline.Web.Abuse;
using Hotline.Web.Auth;
using Hotline.Web.Delivery;
using Hotline.Web.Endpoints;
using Hotline.Web.Hubs;
using Hotline.Contracts.Accounts;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Orleans.Dashboard;
using Microsoft.AspNetCore.SignalR;
using Microsoft.IdentityModel.Tokens;

namespace Hotline.Web;

public static class HostingExtensions
{
    public const string StaffScheme = "staff";

    /// <summary>The Orleans dashboard, the one place the staff cookie is for.</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>
    /// All of the web node's wiring. Embedded profile (the default): this process also hosts the silo. Cluster
    /// profile (Hotline:Profile=cluster): this process is an Orleans client of the Redis-clustered silos.
    /// </summary>
    public static WebApplicationBuilder AddHotline(this WebApplicationBuilder builder)
    {
        // "Request starting …" lines carry the query string, where browsers put hub tokens: never written, whatever
        // the configured level (a filter added here outranks the configuration's rules for the same category).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        var data = DataDirectory.From(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(data);
        if (ClusterSettings.IsCluster(builder.Configuration))
            builder.UseClusterClient(ClusterSettings.From(builder.Configuration));
        else
            builder.UseOrleans(silo => silo.UseEmbeddedProfile(builder.Configuration, data.Path).AddDashboard(HotlineDashboard.Configure));

        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        builder.Services.Configure<BootstrapAdminOptions>(builder.Configuration.GetSection(BootstrapAdminOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHotlineCatalogs();
        builder.Services.AddTwilioOptions(builder.Configuration);
        builder.Services.AddSingleton<StaffAccounts>();
        builder.Services.AddSingleton<PasswordHashing>();
        builder.Services.AddSingleton<SignInBackOff>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSecondFactors();
        builder.Services.AddHostedService<BootstrapAccounts>();
        builder.Services.AddHostedService<RetentionSchedule>();

        builder.AddStaffAuthentication(data);
        builder.Services.AddAuditChain(builder.Configuration);

        builder.Services.AddSignalR(hub =>
            {
                // First, so that it also words the rate limit's refusals.
                hub.AddFilter<HotlineHubFilter>();
                hub.AddFilter<HubRateLimitFilter>();
                hub.AddFilter<StaffSessionHubFilter>();
                hub.EnableDetailedErrors = false;
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        builder.Services.AddSingleton<HubNode>();
        builder.Services.AddSingleton<StaffConnections>();
        builder.Services.AddRememberedDevices();
        var lease = TimeSpan.FromSeconds(builder.Configuration.GetSection(RoutingOptions.Section).Get<RoutingOptions>()?.ConnectionLeaseSeconds ?? new RoutingOptions().ConnectionLeaseSeconds);
        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<ConnectionLeases>(services, lease / 3));
        builder.Services.AddHostedService(services => services.GetRequiredService<ConnectionLeases>());
        if (ClusterSettings.IsCluster(builder.Configuration))
            builder.Services.AddHostedService<HubNodeSubscription>();
        else
            builder.Services.AddHostedService<HubNodeRegistration>();

        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddProblemDetails();
        builder.Services.AddHotlineRateLimits(builder.Configuration);
        builder.Services.AddHotlineProxy(builder.Configuration);
        builder.Services.AddExceptionHandler<HotlineExceptionHandler>();
        builder.Services.AddHotlineMetrics();
        builder.Services.AddHealthChecks().AddCheck<GrainStorageHealthCheck>("grain-storage", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    public static WebApplication MapHotline(this WebApplication app)
    {
        // A network file that is wrong stops the start with its reason, rather than the first chat that needs it.
        app.Services.GetRequiredService<LineCatalog>();
        app.UseHotlineProxy();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseHubOrigins();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapAuthApi();
        app.MapSecondFactorApi();
        app.MapAdminApi();
        app.MapSupervisorApi();
        app.MapReportApi();
        app.MapNetworkApi();
        app.MapCannedReplyApi();
        app.MapRotaApi();
        app.MapTwilioWebhooks();
        app.MapCatalogApi();
        app.MapLineApi();
        app.MapPrivacyApi();
        app.MapHealthApi();
        app.MapHotlineMetrics(app.Configuration);
        app.MapHub<WorkerHub>("/hubs/worker");
        app.MapHub<CounselorHub>("/hubs/counselor");
        app.MapHub<SupervisorHub>("/hubs/supervisor");
        // Cluster health for admins only: the dashboard itself has no authentication.
        app.MapHotlineDashboard(routePrefix: DashboardPath).RequireAuthorization(p => p.RequireRole(Roles.Admin));
        return app;
    }

    /// <summary>Bearer tokens for staff, accepted in the Authorization header and, on hub paths, in the access_token query (browsers' WebSockets).</summary>
    private static void AddStaffAuthentication(this WebApplicationBuilder builder, DataDirectory data)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var key = TokenSigningKey.From(options, data, generateIfMissing: !ClusterSettings.IsCluster(builder.Configuration));
        builder.Services.AddSingleton(key);
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication(StaffScheme)
            // The Orleans dashboard's pages can only send a cookie, so there, and only there, the cookie signs in; every
            // API and hub needs the bearer token (a cookie left on a shared computer opens nothing else).
            .AddPolicyScheme(StaffScheme, StaffScheme, policy => policy.ForwardDefaultSelector = context =>
                context.Request.Path.StartsWithSegments(DashboardPath) && context.Request.Headers.Authorization.Count == 0
                    ? CookieAuthenticationDefaults.AuthenticationScheme
                    : JwtBearerDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "hotline.staff";
                cookie.Cookie.Path = DashboardPath;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(options.TokenLifetimeHours);
                cookie.SlidingExpiration = false;
                // An API answers 401/403, never a redirect to a login page that does not exist.
                cookie.Events.OnRedirectToLogin = context => { context.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
                cookie.Events.OnRedirectToAccessDenied = context => { context.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
                cookie.Events.OnValidatePrincipal = async context =>
                {
                    if (await AccountGate.Refusal(context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>(), context.Principal) is not null)
                        context.RejectPrincipal();
                };
            })
            .AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            // Nothing reads the raw token back; kept, it would sit on every counsellor's connection for its lifetime.
            jwt.SaveToken = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = TokenIssuer.Issuer,
                ValidAudience = TokenIssuer.Audience,
                IssuerSigningKey = key.SecurityKey,
                NameClaimType = "name",
                RoleClaimType = "role",
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            jwt.Events = new JwtBearerEvents
            {
                // A token outlives nothing: a disabled account's tokens, and tokens older than the account's last
                // change of roles or password or its last sign-out, stop working at once.
                OnTokenValidated = AccountGate.Check,
                OnChallenge = AccountGate.Challenge,
                OnMessageReceived = context =>
                {
                    var token = context.Request.Query["access_token"].ToString();
                    if (token.Length > 0 && context.HttpContext.Request.Path.StartsWithSegments("/hubs"))
                        context.Token = token;
                    return Task.CompletedTask;
                },
            };
        });
    }
}

/// <summary>SignalR's user id is the token's subject, so grains can address a counsellor's connections by user id.</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User.FindFirst("sub")?.Value;
}
