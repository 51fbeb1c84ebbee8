namespace Hotline.Contracts.Lines;

/// <summary>The network of lines at one edit: <paramref name="Version"/> 0 is seeds/lines.json, each admin's edit one more.</summary>
[GenerateSerializer, Immutable, Alias("hotline.LineNetworkVersion")]
public sealed record LineNetworkVersion(long Version, IReadOnlyList<Line> Lines);

/// <summary>
/// The network admins' edits of the lines (one, key 0): the whole network once edited, seeds/lines.json until then.
/// Every host keeps the network in its <c>LineCatalog</c> and asks here every few seconds whether it changed; the
/// routing never calls it.
/// </summary>
public interface ILineNetworkGrain : IGrainWithIntegerKey
{
    /// <summary>The network, when it is newer than <paramref name="version"/>; null when that is the current one.</summary>
    Task<LineNetworkVersion?> Since(long version);

    /// <summary>Adds the line, or replaces the line of its id; refused (nothing changed) when the network it makes is not one. Audited.</summary>
    Task<LineNetworkVersion> Save(Line line, string adminId);
}
