using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hotline.Silo.Records;

public static class BlobArchiveHosting
{
    /// <summary>
    /// The cluster profile's archive: transcripts and the audit log in Azure Blob Storage. Every silo must open what
    /// the others sealed, so the keys come from configuration and are never generated here; without them, or without
    /// the connection string, the silo refuses to start. The same keys seal the staff's authenticator secrets
    /// (SecondFactorSeal). The container is created at first use.
    /// </summary>
    public static ISiloBuilder UseBlobArchive(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetSection(ArchiveOptions.Section).Get<ArchiveOptions>() ?? new ArchiveOptions();
        if (string.IsNullOrWhiteSpace(options.BlobConnectionString))
            throw new InvalidOperationException($"Set {ArchiveOptions.Section}:BlobConnectionString: the cluster profile archives to Azure Blob Storage.");
        if (options.Keys.Count == 0 || string.IsNullOrWhiteSpace(configuration[$"{ArchiveOptions.Section}:ActiveKeyId"]))
            throw new InvalidOperationException(
                $"Set {ArchiveOptions.Section}:Keys:<id> (base64, 32 bytes) and {ArchiveOptions.Section}:ActiveKeyId: in the cluster profile every silo must seal and open records with the same keys, so they are not generated.");
        var keys = new Dictionary<string, byte[]>();
        foreach (var (id, value) in options.Keys)
        {
            try
            {
                keys[id] = Convert.FromBase64String(value);
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException($"{ArchiveOptions.Section}:Keys:{id} is not base64.", e);
            }
        }

        var storage = new ArchiveContainer(new BlobContainerClient(options.BlobConnectionString, options.Container, ArchiveContainer.ClientOptions()));
        var cipher = new ArchiveCipher(keys, options.ActiveKeyId);
        // Each record sealed with its conversation's data key (Keys.KeyHosting), so that destroying the key unreads every blob version.
        silo.Services.Replace(ServiceDescriptor.Singleton<ITranscriptArchive>(services => new BlobTranscriptArchive(storage, new ArchiveEnvelope(cipher, services.GetService<Keys.IDataKeys>()))));
        silo.Services.AddSingleton(new Accounts.SecondFactorSeal(cipher));
        silo.Services.Replace(ServiceDescriptor.Singleton<IAuditArchive>(new BlobAuditArchive(storage)));
        return silo;
    }
}
