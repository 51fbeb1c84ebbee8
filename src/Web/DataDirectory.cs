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

    /// <summary>Reads a secret file, creating it with fresh random bytes the first time. Only the owner may read it.</summary>
    public byte[] Secret(string name, int length)
    {
        var file = System.IO.Path.Combine(Path, "secrets", name);
        if (File.Exists(file))
            return Convert.FromBase64String(File.ReadAllText(file).Trim());
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        var secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(length);
        using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write))
        {
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(secret));
        }
        return secret;
    }
}
