using Microsoft.Extensions.Configuration;

namespace Hotline.Silo.Keys;

/// <summary>
/// The folder of every key the hotline generates (Hotline:Keys:Directory): the key-encryption keys, the data-key store
/// of the embedded profile, the archive, phone-number and token-signing keys. It is kept apart from the data, so that a
/// copy of the data folder does not carry the keys that open it. Embedded profile: by default the data folder's sibling
/// "&lt;data&gt;-keys". Cluster profile: required, never guessed. Owner-only (0700), each file 0600.
/// </summary>
public sealed record KeyDirectory(string Path)
{
    public const string Section = "Hotline:Keys";

    /// <summary>Where the keys were generated before this folder existed: moved out on start.</summary>
    public const string LegacyFolder = "secrets";

    /// <summary>The configured folder, or in the embedded profile the data folder's sibling; keys left under &lt;data&gt;/secrets are moved in.</summary>
    public static KeyDirectory From(IConfiguration configuration, string dataDirectory)
    {
        var configured = configuration[$"{Section}:Directory"];
        var path = string.IsNullOrWhiteSpace(configured)
            ? System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(dataDirectory)) + "-keys"
            : System.IO.Path.GetFullPath(configured);
        var keys = new KeyDirectory(SecretFile.OwnerOnlyDirectory(path));
        keys.MoveLegacyKeys(System.IO.Path.Combine(dataDirectory, LegacyFolder));
        return keys;
    }

    /// <summary>The cluster profile's: configured, or the silo refuses to start.</summary>
    public static KeyDirectory Required(IConfiguration configuration) =>
        configuration[$"{Section}:Directory"] is { Length: > 0 } configured
            ? new KeyDirectory(SecretFile.OwnerOnlyDirectory(System.IO.Path.GetFullPath(configured)))
            : throw new InvalidOperationException(
                $"The cluster profile needs {Section}:Directory: a folder of its own for this silo's keys (owner-only, outside any data or backup folder), holding the cluster's key-encryption key kek-<id>.key unless {Section}:Kek:<id> is configured.");

    /// <summary>Reads a key file here, creating it with fresh random bytes the first time.</summary>
    public byte[] Secret(string name, int length) => SecretFile.ReadOrCreate(System.IO.Path.Combine(Path, name), length);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// A deployment from before this folder kept its generated keys in &lt;data&gt;/secrets. They are moved here (not
    /// copied), so that today's data still opens and the data folder stops carrying them; a key already here wins.
    /// </summary>
    private void MoveLegacyKeys(string legacy)
    {
        if (!Directory.Exists(legacy))
            return;
        foreach (var file in Directory.EnumerateFiles(legacy))
        {
            var target = File(System.IO.Path.GetFileName(file));
            if (!System.IO.File.Exists(target))
            {
                System.IO.File.Move(file, target);
                if (!OperatingSystem.IsWindows())
                    System.IO.File.SetUnixFileMode(target, SecretFile.OwnerOnlyFile);
            }
        }
        if (!Directory.EnumerateFileSystemEntries(legacy).Any())
            Directory.Delete(legacy);
    }
}
