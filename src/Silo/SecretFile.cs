using System.Security.Cryptography;

namespace Hotline.Silo;

/// <summary>A secret kept in a file that only the owner may read, created with fresh random bytes the first time.</summary>
public static class SecretFile
{
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static byte[] ReadOrCreate(string path, int length) =>
        Read(path) ?? Create(path, RandomNumberGenerator.GetBytes(length));

    /// <summary>The secret in <paramref name="path"/>, or null if there is no such file.</summary>
    public static byte[]? Read(string path) =>
        File.Exists(path) ? Convert.FromBase64String(File.ReadAllText(path).Trim()) : null;

    /// <summary>A folder only its owner may enter, created if missing (an existing one is narrowed to the owner too).</summary>
    public static string OwnerOnlyDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(path);
        else
        {
            Directory.CreateDirectory(path, OwnerOnlyFolder);
            File.SetUnixFileMode(path, OwnerOnlyFolder);
        }
        return path;
    }

    /// <summary>
    /// A file only its owner may read (made empty if missing, narrowed if not), before SQLite opens it: SQLite gives its
    /// -wal and -shm files the mode of the database file.
    /// </summary>
    public static void OwnerOnlyDatabaseFile(string path)
    {
        if (OperatingSystem.IsWindows())
            return;
        if (File.Exists(path))
            File.SetUnixFileMode(path, OwnerOnlyFile);
        else
            new FileStream(path, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile }).Dispose();
    }

    private static byte[] Create(string path, byte[] secret)
    {
        OwnerOnlyDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnlyFile;
        using (var writer = new StreamWriter(new FileStream(path, options)))
            writer.Write(Convert.ToBase64String(secret));
        return secret;
    }
}
