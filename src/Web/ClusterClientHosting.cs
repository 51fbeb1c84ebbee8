using System.Security.Cryptography.X509Certificates;
using Hotline.Silo;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Orleans.Configuration;
using Orleans.Dashboard;
using StackExchange.Redis;

namespace Hotline.Web;

public static class ClusterClientHosting
{
    /// <summary>
    /// A web node of the cluster: finds the silos' gateways in Redis and reaches them over mutual TLS, and keeps its
    /// data-protection keys (which seal the staff cookie) in Redis too, so that a cookie set by one node is read by
    /// every other. The keys are encrypted with the data-protection certificate before they leave the process.
    /// </summary>
    public static void UseClusterClient(this WebApplicationBuilder builder, ClusterSettings cluster)
    {
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
            client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            client.UseRedisClustering(options => options.ConfigurationOptions = cluster.RedisOptions());
            client.UseTls(cluster.MemberTls.Configure);
            client.AddDashboard(HotlineDashboard.Configure);
        });
        builder.Services.AddHubNodeChannel(cluster);
        var keyCertificate = DataProtectionCertificate(builder.Configuration);
        builder.Services.AddDataProtection()
            .SetApplicationName("hotline")
            .ProtectKeysWithCertificate(keyCertificate)
            // Read with this certificate itself, not one looked up in the machine's store (which has none).
            .UnprotectKeysWithAnyCertificate(keyCertificate);
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), $"{cluster.ServiceId}:data-protection-keys"));
    }

    /// <summary>
    /// Hotline:DataProtection:CertificatePath and :KeyPath (PEM, an RSA key): the same on every web node, since each must
    /// open the keys another wrote.
    /// </summary>
    private static X509Certificate2 DataProtectionCertificate(IConfiguration configuration)
    {
        var certificatePath = configuration["Hotline:DataProtection:CertificatePath"];
        var keyPath = configuration["Hotline:DataProtection:KeyPath"];
        if (string.IsNullOrEmpty(certificatePath) || string.IsNullOrEmpty(keyPath))
            throw new InvalidOperationException(
                "The cluster profile needs Hotline:DataProtection:CertificatePath and :KeyPath (a certificate with an RSA key, " +
                "PEM, the same on every web node): it encrypts the staff cookie's keys before they are kept in Redis.");
        var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        if (certificate.GetRSAPrivateKey() is null)
            throw new InvalidOperationException($"The certificate in {certificatePath} needs an RSA key: data protection encrypts its keys with RSA.");
        return certificate;
    }
}
