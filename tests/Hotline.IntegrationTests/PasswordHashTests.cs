using System.Net;
using System.Net.Http.Json;
using Hotline.Contracts.Accounts;
using Hotline.Silo.Grains;
using Hotline.Silo.Keys;
using Hotline.Silo.Storage;
using Hotline.Web.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hotline.IntegrationTests;

/// <summary>Password hashes at OWASP's work factor for PBKDF2-HMAC-SHA512, and older ones re-hashed at their next sign-in.</summary>
public sealed class PasswordHashTests
{
    [Fact]
    public void New_hashes_are_PBKDF2_HMAC_SHA512_with_210000_iterations_and_older_ones_ask_to_be_re_hashed()
    {
        var hashing = new PasswordHashing(Options.Create(new Web.AuthOptions()));
        var hash = hashing.Hash(Admin.StrongPassword);
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        // The PRF, as KeyDerivationPrf numbers it: 2 is HMAC-SHA512.
        Assert.Equal(2, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1, 4)));
        Assert.Equal(210_000, PasswordHashing.IterationsOf(hash));
        Assert.Equal(PasswordVerificationResult.Success, hashing.Verify(hash, Admin.StrongPassword));
        Assert.Equal(PasswordVerificationResult.Failed, hashing.Verify(hash, "Not-The-Password-1"));

        // ASP.NET Core's own default, which the hotline used before.
        var older = new PasswordHasher<Account>().HashPassword(null!, Admin.StrongPassword);
        Assert.Equal(100_000, PasswordHashing.IterationsOf(older));
        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, hashing.Verify(older, Admin.StrongPassword));
    }

    [Fact]
    public async Task An_account_hashed_with_the_old_iteration_count_is_re_hashed_at_its_next_sign_in()
    {
        // An account made by a hotline that still hashed with 100,000 iterations…
        await using var before = new HotlineServer(new Dictionary<string, string> { ["Hotline__Auth__PasswordHashIterations"] = "100000" });
        await before.StartAsync();
        var (userName, password) = await new Admin(before).CreateCounselor("旧哈希");
        await before.StopAsync();
        Assert.Equal(100_000, await StoredIterations(before.DataDirectory, userName));

        // …signs in on today's hotline (the same data), and from then on its hash has today's count.
        await using var after = new HotlineServer(new Dictionary<string, string>
        {
            ["Hotline__DataDirectory"] = before.DataDirectory,
            // The production count (test servers hash with less work, see HotlineServer.TestServerSettings).
            ["Hotline__Auth__PasswordHashIterations"] = "210000",
        });
        await after.StartAsync();
        await after.LoginAsync(userName, password);
        // The re-hashed password is the same password, and the session it signed in goes on.
        var token = await after.LoginAsync(userName, password);
        using var http = after.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/rota/mine")).StatusCode);
        await after.StopAsync();
        Assert.Equal(210_000, await StoredIterations(before.DataDirectory, userName));
    }

    /// <summary>The iteration count of the password hash in the account grain's stored state, read from the stopped hotline's store.</summary>
    private static async Task<int> StoredIterations(string dataDirectory, string userName)
    {
        await using var services = new ServiceCollection()
            .AddSerializer(b => b.AddAssembly(typeof(AccountState).Assembly).AddAssembly(typeof(Account).Assembly))
            .BuildServiceProvider();
        await using var sqlite = new SqliteGrainStorage(new SqliteDatabase(Path.Combine(dataDirectory, "grains.db")),
            new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()));
        // Stored sealed: opened with the data keys in the key directory beside the data folder.
        var keys = new KeyDirectory(dataDirectory + "-keys");
        var storage = new SealedGrainStorage(sqlite,
            new DataKeys(new SqliteWrappedKeyStore(keys.File("data-keys.db")), KeyEncryptionKeys.From(new ConfigurationBuilder().Build(), keys, generateActive: false)),
            services.GetRequiredService<Serializer>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<SealedGrainStorage>.Instance);
        var state = new GrainState<AccountState>(new AccountState());
        await storage.ReadStateAsync("account", GrainId.Create("account", userName), state);
        Assert.True(state.RecordExists, $"no stored account grain for {userName}");
        return PasswordHashing.IterationsOf(state.State!.Account!.PasswordHash);
    }
}
