using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Hotline.Contracts.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Hosting;
using Orleans.Runtime.Messaging;
using StackExchange.Redis;

namespace Hotline.ClusterTests;

/// <summary>
/// The cluster's own transport, as an outsider on the network meets it: an Orleans client at a gateway, a client at
/// Redis, and the data-protection keys as they lie in Redis. Each refusal is shown beside the same attempt made with
/// the cluster's certificate or password, which succeeds, so the refusal is about the credential, not the address.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTransportTests(HotlineCluster cluster)
{
    [Fact]
    public async Task An_Orleans_client_joins_a_gateway_only_with_a_certificate_from_the_clusters_own_CA()
    {
        // With a member's certificate the client is in, and could read any grain: here the bootstrap admin's account.
        using (var member = await StartedClient(tls => tls.LocalCertificate = Member("web1")))
        {
            var admin = await member.Services.GetRequiredService<IClusterClient>()
                .GetGrain<IAccountGrain>(HotlineServer.AdminUserName).Get();
            Assert.Contains(Roles.Admin, admin!.Roles);
            await member.StopAsync();
        }

        await Assert.ThrowsAsync<ConnectionFailedException>(() => StartedClient(tls: null));
        await Assert.ThrowsAsync<ConnectionFailedException>(() => StartedClient(tls => tls.LocalCertificate = null));
        await Assert.ThrowsAsync<ConnectionFailedException>(() => StartedClient(tls => tls.LocalCertificate = FromAnotherCA()));
    }

    [Fact]
    public async Task Redis_answers_only_a_client_with_the_clusters_certificate_and_the_password()
    {
        var password = File.ReadAllText(Path.Combine(cluster.Secrets, "redis.password")).Trim();

        Assert.Equal(["+OK", "+PONG"], await Redis(Member("redis"), $"AUTH {password}", "PING"));
        Assert.Equal(["-NOAUTH Authentication required."], await Redis(Member("redis"), "PING"));
        Assert.StartsWith("-WRONGPASS", (await Redis(Member("redis"), "AUTH not-the-password")).Single());
        // No certificate of the cluster, no TLS session: Redis ends the connection before any command is read.
        await Assert.ThrowsAnyAsync<IOException>(() => Redis(client: null, $"AUTH {password}", "PING"));
        await Assert.ThrowsAnyAsync<IOException>(() => Redis(FromAnotherCA(), $"AUTH {password}", "PING"));
    }

    [Fact]
    public async Task The_data_protection_keys_in_Redis_hold_no_key_material_in_clear()
    {
        // A sign-in seals a staff cookie, so the key ring exists by now.
        using var signedIn = await cluster.Admin.Client();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(MemberRedisOptions());
        var keys = await redis.GetDatabase().ListRangeAsync("hotline:data-protection-keys");

        Assert.NotEmpty(keys);
        foreach (var key in keys.Select(k => k.ToString()))
        {
            Assert.Contains("<encryptedSecret decryptorType=\"Microsoft.AspNetCore.DataProtection.XmlEncryption.EncryptedXmlDecryptor", key);
            Assert.DoesNotContain("<masterKey", key);
            Assert.DoesNotContain("<value>", key);
        }
    }

    /// <summary>
    /// An Orleans client that finds the gateways in Redis as a web node does (Redis is reached with the cluster's own
    /// credentials, so only the gateway's check is under test), with TLS configured by <paramref name="tls"/> or none.
    /// </summary>
    private async Task<IHost> StartedClient(Action<TlsOptions>? tls)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = ("hotline", "hotline"));
            client.UseRedisClustering(options => options.ConfigurationOptions = MemberRedisOptions());
            // One attempt at each gateway: Orleans' default retries a refused client for minutes before giving up.
            client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
            if (tls is not null)
                client.UseTls(options =>
                {
                    options.ClientCertificateMode = RemoteCertificateMode.AllowCertificate;
                    options.AllowAnyRemoteCertificate();
                    tls(options);
                });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private ConfigurationOptions MemberRedisOptions()
    {
        var options = ConfigurationOptions.Parse($"127.0.0.1:{HotlineCluster.RedisPort}");
        options.Password = File.ReadAllText(Path.Combine(cluster.Secrets, "redis.password")).Trim();
        options.Ssl = true;
        options.TrustIssuer(Path.Combine(cluster.Secrets, "tls", "ca.crt"));
        options.SetUserPemCertificate(Path.Combine(cluster.Secrets, "tls", "redis.crt"), Path.Combine(cluster.Secrets, "tls", "redis.key"));
        return options;
    }

    private X509Certificate2 Member(string node) =>
        X509Certificate2.CreateFromPemFile(Path.Combine(cluster.Secrets, "tls", node + ".crt"), Path.Combine(cluster.Secrets, "tls", node + ".key"));

    /// <summary>A certificate just like a member's (same name, same uses), issued by a CA the cluster has never seen.</summary>
    private static X509Certificate2 FromAnotherCA()
    {
        var now = DateTimeOffset.UtcNow;
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=Hotline local cluster CA", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var authority = authorityRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=hotline web1", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var issued = request.Create(authority, now.AddDays(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Sends commands to Redis over TLS (plain RESP inline commands) and returns one reply line for each.</summary>
    private static async Task<string[]> Redis(X509Certificate2? client, params string[] commands)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", HotlineCluster.RedisPort);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            ClientCertificates = client is null ? null : [client],
            // Which server answers is not under test here; the nodes check it against the CA.
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        await tls.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(commands.Select(c => c + "\r\n"))));
        using var reader = new StreamReader(tls, Encoding.UTF8);
        var replies = new string[commands.Length];
        for (var i = 0; i < replies.Length; i++)
            replies[i] = await reader.ReadLineAsync() ?? throw new IOException("Redis closed the connection.");
        return replies;
    }
}
