using Hotline.Silo.Keys;
using Microsoft.Extensions.Configuration;

namespace Hotline.Tests.Keys;

/// <summary>The key directory: apart from the data, owner-only, and the keys of an older deployment moved into it.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyDirectoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hotline-keys-").FullName;

    private string Data => Path.Combine(_root, "data");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Generated_keys_go_beside_the_data_folder_in_owner_only_files_and_folders()
    {
        var keys = KeyDirectory.From(Configuration(), Data);
        var kek = KeyEncryptionKeys.From(Configuration(), keys, generateActive: true);
        var token = keys.Secret("token-signing.key", 64);
        var store = new SqliteWrappedKeyStore(keys.File("data-keys.db"));
        await store.AddIfAbsent("conversation-1", kek.Wrap("conversation-1", new byte[32]));

        Assert.Equal(Data + "-keys", keys.Path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys.Path));
        var files = Directory.GetFiles(keys.Path);
        Assert.Contains(keys.File("kek-1.key"), files);
        Assert.Contains(keys.File("data-keys.db"), files);
        foreach (var file in files)
            Assert.True(File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{file} is {File.GetUnixFileMode(file)}");
        Assert.Equal(token, keys.Secret("token-signing.key", 64));
    }

    [Fact]
    public void Keys_of_an_older_deployment_are_moved_out_of_the_data_folder_and_still_open_its_data()
    {
        var legacy = Path.Combine(Data, "secrets");
        Directory.CreateDirectory(legacy);
        File.WriteAllText(Path.Combine(legacy, "archive-k1.key"), Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()));

        var keys = KeyDirectory.From(Configuration(), Data);

        Assert.False(Directory.Exists(legacy));
        Assert.Equal(Enumerable.Repeat((byte)7, 32).ToArray(), keys.Secret("archive-k1.key", 32));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keys.File("archive-k1.key")));
    }

    [Fact]
    public void A_configured_folder_and_configured_KEKs_win_and_the_cluster_refuses_to_start_without_a_folder()
    {
        var elsewhere = Path.Combine(_root, "vault");
        var kek = Convert.ToBase64String(Enumerable.Repeat((byte)9, 32).ToArray());
        var configuration = Configuration(("Hotline:Keys:Directory", elsewhere), ("Hotline:Keys:Kek:7", kek), ("Hotline:Keys:ActiveKekId", "7"));

        var keys = KeyDirectory.From(configuration, Data);
        Assert.Equal(elsewhere, keys.Path);
        Assert.Equal("7", KeyEncryptionKeys.From(configuration, keys, generateActive: false).ActiveId);
        Assert.Empty(Directory.GetFiles(elsewhere));
        Assert.Contains("Hotline:Keys:Directory", Assert.Throws<InvalidOperationException>(() => KeyDirectory.Required(Configuration())).Message);
        Assert.Contains("kek-2.key", Assert.Throws<InvalidOperationException>(() =>
            KeyEncryptionKeys.From(Configuration(("Hotline:Keys:ActiveKekId", "2")), keys, generateActive: false)).Message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
