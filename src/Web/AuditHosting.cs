using Hotline.Silo;
using Hotline.Silo.Supervision;
using Hotline.Web.Auth;

namespace Hotline.Web;

public static class AuditHosting
{
    /// <summary>
    /// The key of the audit chain for the embedded profile's silo: Hotline:Audit:ChainKey when configured, otherwise
    /// derived from the token-signing key (so a restart keys it alike). The cluster's silos take it from configuration only.
    /// </summary>
    public static IServiceCollection AddAuditChain(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(provider => ChainFor(configuration, provider.GetRequiredService<TokenSigningKey>()));

    public static AuditChain ChainFor(IConfiguration configuration, TokenSigningKey signing) =>
        AuditChain.FromConfiguration(configuration) ?? new AuditChain(signing.Derive(AuditChain.DerivationPurpose));
}
