using System.Globalization;
using Azure.Storage.Blobs;
using Hotline.Silo;
using Hotline.Silo.Records;
using Hotline.Silo.Supervision;
using Hotline.Web.Auth;

namespace Hotline.Web;

/// <summary>
/// <c>audit verify [--from yyyy-MM-dd]</c>: checks the archived audit chain with the configuration the product runs
/// with (the embedded profile's archive folder, or the cluster's blob container), prints one line, and exits 0 when
/// everything holds, 1 naming the first broken entry, 2 when there is nothing it can check.
/// </summary>
public static class AuditVerifyCommand
{
    public static bool Matches(string[] args) => args is ["audit", "verify", ..];

    public static async Task<int> Run(string[] args)
    {
        var rest = args[2..].ToList();
        DateOnly? from = null;
        if (rest.IndexOf("--from") is var at and >= 0)
        {
            if (at + 1 >= rest.Count || !DateOnly.TryParseExact(rest[at + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                return Refuse("--from needs a date, as in --from 2026-12-01.");
            from = day;
            rest.RemoveRange(at, 2);
        }

        // The web host's own configuration (appsettings, environment, command line), without starting anything.
        var builder = WebApplication.CreateBuilder(rest.ToArray());
        var configuration = builder.Configuration;
        try
        {
            var (chain, archive, where) = ClusterSettings.IsCluster(configuration) ? Cluster(configuration) : Embedded(builder);
            if (archive is null)
                return Refuse($"There is no audit archive at {where}.");
            var verdict = await new AuditChainVerifier(chain, archive).Verify(from);
            Console.WriteLine(verdict.Summary);
            return verdict.Intact ? 0 : 1;
        }
        catch (InvalidOperationException e)
        {
            return Refuse(e.Message);
        }
    }

    private static (AuditChain, IAuditArchive?, string) Embedded(WebApplicationBuilder builder)
    {
        var data = DataDirectory.From(builder.Configuration, builder.Environment);
        var folder = Silo.HostingExtensions.AuditFolder(data.Path);
        if (!Directory.Exists(folder))
            return (null!, null, folder);
        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        // A key made up here would call every entry altered: the chain is checked with the hotline's own key or not at all.
        if (AuditChain.FromConfiguration(builder.Configuration) is null && string.IsNullOrWhiteSpace(auth.SigningKey)
            && !File.Exists(data.Keys.File(TokenSigningKey.FileName)))
            throw new InvalidOperationException($"No key to check the chain with: set Hotline:Audit:ChainKey, or point Hotline:Keys:Directory at the hotline's key directory (looked in {data.Keys.Path}).");
        return (AuditHosting.ChainFor(builder.Configuration, TokenSigningKey.From(auth, data, generateIfMissing: true)), new LocalFolderAuditArchive(folder), folder);
    }

    private static (AuditChain, IAuditArchive?, string) Cluster(IConfiguration configuration)
    {
        var options = configuration.GetSection(ArchiveOptions.Section).Get<ArchiveOptions>() ?? new ArchiveOptions();
        if (string.IsNullOrWhiteSpace(options.BlobConnectionString))
            throw new InvalidOperationException($"Set {ArchiveOptions.Section}:BlobConnectionString: the cluster profile's audit archive is in Azure Blob Storage.");
        var container = new ArchiveContainer(new BlobContainerClient(options.BlobConnectionString, options.Container, ArchiveContainer.ClientOptions()));
        return (AuditChain.Required(configuration), new BlobAuditArchive(container), $"container {options.Container}");
    }

    private static int Refuse(string why)
    {
        Console.Error.WriteLine($"audit verify: {why}");
        return 2;
    }
}
