using System.Security.Cryptography;
using System.Text;
using Hotline.Contracts.Accounts;
using Microsoft.Extensions.Options;

namespace Hotline.Web.Auth;

/// <summary>
/// Sign-in back-off instead of a lock-out: failures make the next attempt on that account from that client address
/// wait (1 s, 2 s, 4 s … by default), and many failures from one address on any accounts slow that address too. Nobody
/// can lock a counsellor out from elsewhere, and a name that does not exist backs off exactly as one that does.
/// The counts live in grains (one count for the whole cluster, however many web nodes an attacker spreads over),
/// in memory only, keyed by an HMAC of user name and address under a key derived from the token signing key, which
/// every web node shares: no address or user name in clear reaches a grain id, a log or a store.
/// </summary>
public sealed class SignInBackOff
{
    private readonly IGrainFactory _grains;
    private readonly byte[] _key;
    private readonly BackOffRule _perAccount;
    private readonly BackOffRule _perAddress;

    public SignInBackOff(IGrainFactory grains, TokenSigningKey signingKey, IOptions<AuthOptions> options)
    {
        _grains = grains;
        _key = signingKey.Derive("hotline sign-in back-off");
        var o = options.Value;
        var first = TimeSpan.FromSeconds(o.BackOffFirstSeconds);
        var max = TimeSpan.FromSeconds(o.BackOffMaxSeconds);
        var forget = TimeSpan.FromMinutes(o.BackOffForgetMinutes);
        _perAccount = new BackOffRule(0, first, max, forget);
        _perAddress = new BackOffRule(o.BackOffFreeFailuresPerAddress, first, max, forget);
    }

    /// <summary>The wait that holds the attempt back, if one runs: the longer of the account-and-address wait and the address wait.</summary>
    public async Task<TimeSpan> Wait(string userName, string clientAddress)
    {
        var waits = await Task.WhenAll(PerAccount(userName, clientAddress).Wait(_perAccount), PerAddress(clientAddress).Wait(_perAddress));
        return waits.Max();
    }

    public Task RecordFailure(string userName, string clientAddress) => Task.WhenAll(
        PerAccount(userName, clientAddress).RecordFailure(_perAccount),
        PerAddress(clientAddress).RecordFailure(_perAddress));

    /// <summary>The right password from this address: the account's count from here starts again (the address's does not, or one own account would let an attacker reset it).</summary>
    public Task Succeeded(string userName, string clientAddress) => PerAccount(userName, clientAddress).Clear();

    private ISignInBackOffGrain PerAccount(string userName, string clientAddress) => Grain($"account\n{userName}\n{clientAddress}");

    private ISignInBackOffGrain PerAddress(string clientAddress) => Grain($"address\n{clientAddress}");

    private ISignInBackOffGrain Grain(string what) =>
        _grains.GetGrain<ISignInBackOffGrain>(Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(what))));
}
