using System.Text.Json.Serialization;
using Hotline.Silo;
using Hotline.Web.Auth;
using Hotline.Web.Delivery;
using Hotline.Web.Endpoints;
using Hotline.Web.Hubs;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.SignalR;
using Microsoft.IdentityModel.Tokens;

namespace Hotline.Web;

public static class HostingExtensions
{
    /// <summary>All of the web node's wiring. Today the embedded profile: this process also hosts the silo.</summary>
    public static WebApplicationBuilder AddHotline(this WebApplicationBuilder builder)
    {
        var data = DataDirectory.From(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(data);
        builder.UseOrleans(silo => silo.UseEmbeddedProfile(builder.Configuration, data.Path));

        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        builder.Services.Configure<BootstrapAdminOptions>(builder.Configuration.GetSection(BootstrapAdminOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHotlineCatalogs();
        builder.Services.AddSingleton<StaffAccounts>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddHostedService<BootstrapAccounts>();

        builder.AddStaffAuthentication(data);

        builder.Services.AddSignalR(hub =>
            {
                hub.AddFilter<HotlineHubFilter>();
                hub.EnableDetailedErrors = false;
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        builder.Services.AddSingleton<HubNode>();
        builder.Services.AddHostedService<HubNodeRegistration>();

        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<HotlineExceptionHandler>();
        builder.Services.AddHealthChecks().AddCheck<GrainStorageHealthCheck>("grain-storage", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    public static WebApplication MapHotline(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapAuthApi();
        app.MapAdminApi();
        app.MapSupervisorApi();
        app.MapCatalogApi();
        app.MapHealthApi();
        app.MapHub<WorkerHub>("/hubs/worker");
        app.MapHub<CounselorHub>("/hubs/counselor");
        app.MapHub<SupervisorHub>("/hubs/supervisor");
        return app;
    }

    /// <summary>Bearer tokens for staff, accepted in the Authorization header and, on hub paths, in the access_token query (browsers' WebSockets).</summary>
    private static void AddStaffAuthentication(this WebApplicationBuilder builder, DataDirectory data)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var key = TokenSigningKey.From(options, data);
        builder.Services.AddSingleton(key);
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
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
