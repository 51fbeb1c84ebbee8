using Hotline.Silo.Keys;

namespace Hotline.Web;

/// <summary>
/// Where the embedded profile keeps its grain state and archive (Hotline:DataDirectory, default "data" beside the
/// content root, owner-only), and, apart from it, the keys it generates (<see cref="KeyDirectory"/>).
/// </summary>
public sealed record DataDirectory(string Path, KeyDirectory Keys)
{
    public static DataDirectory From(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Hotline:DataDirectory"];
        var path = string.IsNullOrWhiteSpace(configured)
            ? System.IO.Path.Combine(environment.ContentRootPath, "data")
            : System.IO.Path.GetFullPath(configured, environment.ContentRootPath);
        Hotline.Silo.SecretFile.OwnerOnlyDirectory(path);
        return new DataDirectory(path, KeyDirectory.From(configuration, path));
    }

    /// <summary>Reads a generated key in the key directory, creating it with fresh random bytes the first time.</summary>
    public byte[] Secret(string name, int length) => Keys.Secret(name, length);
}
