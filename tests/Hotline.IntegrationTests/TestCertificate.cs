using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hotline.IntegrationTests;

/// <summary>
/// A throwaway self-signed certificate for hotline.test and 127.0.0.1, made by the real openssl in a temp folder
/// (never committed). Clients trust exactly this certificate and no other.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    public const string HostName = "hotline.test";

    private TestCertificate(string directory)
    {
        Directory = directory;
        Certificate = X509Certificate2.CreateFromPem(File.ReadAllText(CertificatePath));
    }

    public string Directory { get; }

    public string CertificatePath => Path.Combine(Directory, "cert.pem");

    public string KeyPath => Path.Combine(Directory, "key.pem");

    public X509Certificate2 Certificate { get; }

    public static async Task<TestCertificate> Create()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("hotline-tls-").FullName;
        var start = new ProcessStartInfo("openssl",
        [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", $"/CN={HostName}", "-addext", $"subjectAltName=DNS:{HostName},IP:127.0.0.1",
            "-keyout", Path.Combine(directory, "key.pem"), "-out", Path.Combine(directory, "cert.pem"),
        ])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var openssl = Process.Start(start)!;
        var errors = openssl.StandardError.ReadToEndAsync();
        await openssl.StandardOutput.ReadToEndAsync();
        await openssl.WaitForExitAsync();
        Assert.True(openssl.ExitCode == 0, "openssl could not make the test certificate: " + await errors);
        return new TestCertificate(directory);
    }

    /// <summary>For a TLS client's validation callback: this certificate, whatever the chain says.</summary>
    public bool IsPresented(X509Certificate? presented) =>
        presented is not null && presented.GetCertHashString(HashAlgorithmName.SHA256) == Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    public RemoteCertificateValidationCallback Validation => (_, presented, _, _) => IsPresented(presented);

    public void Dispose()
    {
        Certificate.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
