using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hotline.Silo;
using Microsoft.Extensions.Configuration;

namespace Hotline.Tests.Hosting;

/// <summary>
/// What a cluster node demands before it starts (Redis's password, mutual TLS), and which peers its TLS check lets
/// in. The certificates are made here, into a folder of PEM files, as an operator's CA would make them.
/// </summary>
public sealed class ClusterSettingsTests : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly string _folder = Directory.CreateTempSubdirectory("hotline-tls-").FullName;

    private readonly IssuingAuthority _hotline = new("Hotline CA");

    public void Dispose()
    {
        _hotline.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void A_node_with_the_password_and_a_certificate_from_the_CA_starts()
    {
        var settings = ClusterSettings.From(Configuration(Tls(_hotline.Issue("silo1"))));

        Assert.Equal("s3cret-redis-pass", settings.RedisOptions().Password);
        Assert.Equal("CN=silo1", settings.MemberTls.Certificate.Subject);
    }

    [Fact]
    public void A_password_inside_the_connection_string_is_taken_too()
    {
        var configuration = Configuration(Tls(_hotline.Issue("silo1")), redis: "127.0.0.1:6379,password=from-the-string", password: null);

        Assert.Equal("from-the-string", ClusterSettings.From(configuration).RedisOptions().Password);
    }

    [Fact]
    public void A_node_without_Redis_password_refuses_to_start_and_says_which_key_is_missing()
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => ClusterSettings.From(Configuration(Tls(_hotline.Issue("silo1")), password: null)));

        Assert.Contains("Hotline:Cluster:RedisPassword", refusal.Message);
    }

    [Fact]
    public void A_node_without_TLS_refuses_to_start_and_says_what_it_needs()
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => ClusterSettings.From(Configuration(tls: [])));

        Assert.Contains("Hotline:Cluster:Tls:CertificatePath", refusal.Message);
        Assert.Contains(":CaPath", refusal.Message);
    }

    [Fact]
    public void A_node_whose_certificate_another_CA_issued_refuses_to_start()
    {
        using var other = new IssuingAuthority("Hotline CA");

        var refusal = Assert.Throws<InvalidOperationException>(() => ClusterSettings.From(Configuration(Tls(other.Issue("silo1")))));

        Assert.Contains("is not issued by the CA", refusal.Message);
    }

    [Fact]
    public void Peers_are_let_in_only_with_a_current_certificate_of_the_CA_made_for_both_ends_of_a_connection()
    {
        using var other = new IssuingAuthority("Hotline CA");
        var tls = ClusterSettings.From(Configuration(Tls(_hotline.Issue("web1")))).MemberTls;

        Assert.True(tls.IsIssuedByAuthority(_hotline.Issue("silo2")));
        // The same name and uses, from a CA of the same name: only the CA's key tells them apart.
        Assert.False(tls.IsIssuedByAuthority(other.Issue("silo2")));
        Assert.False(tls.IsIssuedByAuthority(_hotline.Issue("silo2", expired: true)));
        Assert.False(tls.IsIssuedByAuthority(_hotline.Issue("silo2", usages: [ServerAuthentication])));
    }

    private Dictionary<string, string?> Tls(X509Certificate2 certificate)
    {
        var name = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var certificatePath = Path.Combine(_folder, name + ".crt");
        var keyPath = Path.Combine(_folder, name + ".key");
        var caPath = Path.Combine(_folder, "ca.crt");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(caPath, _hotline.Certificate.ExportCertificatePem());
        return new()
        {
            ["Hotline:Cluster:Tls:CertificatePath"] = certificatePath,
            ["Hotline:Cluster:Tls:KeyPath"] = keyPath,
            ["Hotline:Cluster:Tls:CaPath"] = caPath,
        };
    }

    private static IConfiguration Configuration(Dictionary<string, string?> tls, string redis = "127.0.0.1:6379", string? password = "s3cret-redis-pass")
    {
        var values = new Dictionary<string, string?>(tls) { ["Hotline:Cluster:Redis"] = redis, ["Hotline:Cluster:RedisPassword"] = password };
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    /// <summary>A CA of its own, as openssl makes one in scripts/cluster.sh.</summary>
    private sealed class IssuingAuthority : IDisposable
    {
        private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        public IssuingAuthority(string name)
        {
            var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(365));
        }

        public X509Certificate2 Certificate { get; }

        public X509Certificate2 Issue(string node, bool expired = false, Oid[]? usages = null)
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN={node}", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages ?? [ServerAuthentication, ClientAuthentication]], false));
            var now = DateTimeOffset.UtcNow;
            using var issued = request.Create(Certificate, now.AddHours(-2), expired ? now.AddMinutes(-1) : now.AddDays(30), RandomNumberGenerator.GetBytes(16));
            return issued.CopyWithPrivateKey(key);
        }

        public void Dispose()
        {
            Certificate.Dispose();
            _key.Dispose();
        }
    }
}
