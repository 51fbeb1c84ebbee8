namespace Hotline.Web;

/// <summary>Where the embedded profile keeps its grain state and generated secrets (Hotline:DataDirectory, default "data" beside the content root).</summary>
public sealed record DataDirectory(string Path)
{
    public static DataDirectory From(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Hotline:DataDirectory"];
        var path = string.IsNullOrWhiteSpace(configured)
            ? System.IO.Path.Combine(environment.ContentRootPath, "data")
            : System.IO.Path.GetFullPath(configured, environment.ContentRootPath);
        Directory.CreateDirectory(path);
        return new DataDirectory(path);
    }

    /// <summary>Reads a secret file in the data directory, creating it with fresh random bytes the first time.</summary>
    public byte[] Secret(string name, int length) => Hotline.Silo.SecretFile.ReadOrCreate(System.IO.Path.Combine(Path, "secrets", name), length);
}
