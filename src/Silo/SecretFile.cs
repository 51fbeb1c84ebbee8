using System.Security.Cryptography;

namespace Hotline.Silo;

/// <summary>A secret kept in a file that only the owner may read, created with fresh random bytes the first time.</summary>
public static class SecretFile
{
    public static byte[] ReadOrCreate(string path, int length)
    {
        if (File.Exists(path))
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = RandomNumberGenerator.GetBytes(length);
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(secret));
        }
        return secret;
    }
}
