using Hotline.Silo;
using Hotline.Silo.Records;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hotline.Tests.Records;

/// <summary>The cluster profile refuses to start without its archive settings, and names the one that is missing.</summary>
public sealed class BlobArchiveHostingTests
{
    private static readonly Dictionary<string, string?> Complete = new()
    {
        ["Hotline:Archive:BlobConnectionString"] = "UseDevelopmentStorage=true",
        ["Hotline:Archive:ActiveKeyId"] = "k2",
        ["Hotline:Archive:Keys:k2"] = Convert.ToBase64String(new byte[32]),
    };

    [Theory]
    [InlineData("Hotline:Archive:BlobConnectionString", "Hotline:Archive:BlobConnectionString")]
    [InlineData("Hotline:Archive:Keys:k2", "Hotline:Archive:Keys")]
    [InlineData("Hotline:Archive:ActiveKeyId", "Hotline:Archive:ActiveKeyId")]
    public void A_missing_setting_stops_the_silo_with_its_name(string left, string named)
    {
        var settings = Complete.Where(s => s.Key != left).ToDictionary();
        var refusal = Assert.Throws<InvalidOperationException>(() => Configure(settings));
        Assert.Contains(named, refusal.Message);
    }

    [Fact]
    public void With_its_settings_the_silo_archives_transcripts_and_audit_to_blobs()
    {
        using var host = Configure(Complete).Build();
        Assert.IsType<BlobTranscriptArchive>(host.Services.GetRequiredService<ITranscriptArchive>());
        Assert.IsType<BlobAuditArchive>(host.Services.GetRequiredService<IAuditArchive>());
    }

    private static HostApplicationBuilder Configure(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        builder.UseOrleans(silo => silo.UseLocalhostClustering().UseBlobArchive(configuration).AddHotlineGrains(configuration));
        return builder;
    }
}
