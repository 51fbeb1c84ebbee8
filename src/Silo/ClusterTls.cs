using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Hotline.Silo;

/// <summary>
/// Mutual TLS inside the cluster (section Hotline:Cluster:Tls): every silo and web node presents its own certificate,
/// issued by the hotline's own CA, and accepts a peer only if the peer's certificate chains to that CA. The machine's
/// trust store plays no part, so a certificate from any public CA is refused as firmly as none at all.
/// </summary>
public sealed class ClusterTls
{
    public const string Section = ClusterSettings.Section + ":Tls";

    private readonly X509Certificate2 _authority;

    private ClusterTls(X509Certificate2 certificate, X509Certificate2 authority) =>
        (Certificate, _authority) = (certificate, authority);

    /// <summary>This node's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The hotline CA, the only root a peer's certificate may chain to.</summary>
    public X509Certificate2 Authority => _authority;

    /// <summary>
    /// The node's certificate and the CA from Hotline:Cluster:Tls:CertificatePath, :KeyPath and :CaPath (PEM files);
    /// refuses to start without them, since a cluster without TLS lets anyone who reaches a port call any grain.
    /// </summary>
    public static ClusterTls From(ClusterTlsSettings? settings)
    {
        if (settings is not { CertificatePath.Length: > 0, KeyPath.Length: > 0, CaPath.Length: > 0 })
            throw new InvalidOperationException(
                "The cluster profile needs mutual TLS: set Hotline:Cluster:Tls:CertificatePath and :KeyPath (this node's " +
                "certificate and private key, PEM) and Hotline:Cluster:Tls:CaPath (the hotline CA's certificate, PEM). " +
                "scripts/cluster.sh up shows how to make them with openssl.");
        var certificate = X509Certificate2.CreateFromPemFile(settings.CertificatePath, settings.KeyPath);
        var authority = X509CertificateLoader.LoadCertificateFromFile(settings.CaPath);
        var tls = new ClusterTls(certificate, authority);
        if (!tls.IsIssuedByAuthority(certificate))
            throw new InvalidOperationException(
                $"The certificate in {settings.CertificatePath} is not issued by the CA in {settings.CaPath} (or has expired): " +
                "the other nodes would refuse it.");
        return tls;
    }

    /// <summary>Both directions of a connection: present our certificate, require the peer's, and check it against our CA.</summary>
    public void Configure(TlsOptions options)
    {
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // Names are not checked: nodes reach each other by address, and membership of the cluster is what the CA vouches for.
        options.RemoteCertificateValidation = (certificate, _, _) => IsIssuedByAuthority(certificate);
    }

    /// <summary>
    /// Whether a certificate chains to the hotline CA alone, is within its dates, and may serve both ends of a
    /// connection (every silo dials other silos as well as answering them).
    /// </summary>
    public bool IsIssuedByAuthority(X509Certificate2 certificate) => ChainsToAuthority(certificate, ServerAuthentication, ClientAuthentication);

    /// <summary>For Redis over TLS: the server's certificate must chain to the hotline CA too.</summary>
    public bool IsRedisServerTrusted(X509Certificate? certificate) =>
        certificate is not null && ChainsToAuthority(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), ServerAuthentication);

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private bool ChainsToAuthority(X509Certificate2 certificate, params string[] usages)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_authority);
        // A throwaway CA has no revocation list; a node is cut off by replacing the CA.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var usage in usages)
            chain.ChainPolicy.ApplicationPolicy.Add(new(usage));
        return chain.Build(certificate);
    }
}

/// <summary>Hotline:Cluster:Tls: PEM files of this node's certificate, its private key and the hotline CA.</summary>
public sealed class ClusterTlsSettings
{
    public string? CertificatePath { get; set; }

    public string? KeyPath { get; set; }

    public string? CaPath { get; set; }
}
