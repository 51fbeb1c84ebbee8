using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Hotline.Contracts;

namespace Hotline.IntegrationTests;

/// <summary>
/// A hotline whose first back-off is a minute (so a wait is still running when the next attempt comes, however loaded
/// the machine) and whose addresses back off beyond 3 failures. Every test signs in from loopback addresses of its own.
/// </summary>
public sealed class BackOffFixture() : ServerFixture(new Dictionary<string, string>
{
    ["Hotline__Auth__BackOffFirstSeconds"] = "60",
    ["Hotline__Auth__BackOffFreeFailuresPerAddress"] = "3",
});

/// <summary>
/// Sign-in back-off instead of a lock-out: failures make the next attempt on that account from that address wait, an
/// address failing on many accounts waits too, nobody elsewhere is locked out, and the answers never tell whether a
/// user name exists. (That the wait doubles up to its cap is SignInBackOffGrainTests', on a fake clock.)
/// </summary>
public sealed class SignInBackOffTests(BackOffFixture fixture) : IClassFixture<BackOffFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task A_known_and_an_unknown_user_name_get_the_same_answers_and_the_same_wait()
    {
        var (userName, password) = await fixture.Admin.CreateCounselor("同样回答");
        using var attacker = From("127.0.0.2");

        var known = await Answer(attacker, userName, "Wrong-Password-1");
        var unknown = await Answer(attacker, "nobody-by-that-name", "Wrong-Password-1");
        Assert.Equal(RefusalCodes.SignInWrong, known.Code);
        Assert.Equal(known, unknown);

        // Backed off: even the right password is not tried, and the answer names the same wait for both: the whole of it, however long ago the failure was.
        var knownAgain = await Answer(attacker, userName, password);
        var unknownAgain = await Answer(attacker, "nobody-by-that-name", "Wrong-Password-1");
        Assert.Equal(RefusalCodes.SignInWait, knownAgain.Code);
        Assert.Equal("60", knownAgain.Params["seconds"]);
        Assert.Equal(knownAgain, unknownAgain);
    }

    [Fact]
    public async Task A_counsellor_signs_in_from_her_own_address_while_an_attacker_is_backed_off_on_her_account()
    {
        var (userName, password) = await fixture.Admin.CreateCounselor("她自己的地址");
        using var attacker = From("127.0.0.3");
        Assert.Equal(RefusalCodes.SignInWrong, (await Answer(attacker, userName, "Wrong-Password-1")).Code);
        Assert.Equal(RefusalCodes.SignInWait, (await Answer(attacker, userName, password)).Code);

        using var counsellor = From("127.0.0.4");
        Assert.Equal(HttpStatusCode.OK, (await counsellor.PostAsJsonAsync("/api/auth/login", new { userName, password })).StatusCode);
    }

    [Fact]
    public async Task An_address_failing_on_many_accounts_waits_on_every_account()
    {
        var (userName, password) = await fixture.Admin.CreateCounselor("很多账号");
        using var sprayer = From("127.0.0.5");
        // Three free failures for the address and a fourth, each on a name of its own (no account-and-address wait).
        foreach (var name in new[] { "spray-one", "spray-two", "spray-three", "spray-four" })
            Assert.Equal(RefusalCodes.SignInWrong, (await Answer(sprayer, name, "Summer-2026!")).Code);

        // Now every sign-in from there waits, on an account it never tried, with the right password too.
        Assert.Equal(RefusalCodes.SignInWait, (await Answer(sprayer, userName, password)).Code);
        using var elsewhere = From("127.0.0.6");
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.PostAsJsonAsync("/api/auth/login", new { userName, password })).StatusCode);
    }

    /// <summary>The whole refused answer: status, title, code, params and words.</summary>
    private static async Task<Refused> Answer(HttpClient http, string userName, string password)
    {
        var response = await http.PostAsJsonAsync("/api/auth/login", new { userName, password });
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Refused(response.StatusCode, problem.GetProperty("title").GetString()!, problem.GetProperty("code").GetString()!, problem.GetProperty("detail").GetString()!,
            new SortedDictionary<string, string>(problem.GetProperty("params").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)));
    }

    private sealed record Refused(HttpStatusCode Status, string Title, string Code, string Detail, SortedDictionary<string, string> Params)
    {
        public bool Equals(Refused? other) => other is not null && (Status, Title, Code, Detail) == (other.Status, other.Title, other.Code, other.Detail) && Params.SequenceEqual(other.Params);

        public override int GetHashCode() => HashCode.Combine(Status, Code, Detail);
    }

    /// <summary>A client whose connections come from <paramref name="localAddress"/> (any of 127.0.0.0/8 reaches the server on 127.0.0.1).</summary>
    private HttpClient From(string localAddress) => new(new SocketsHttpHandler
    {
        UseCookies = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    }) { BaseAddress = Server.BaseAddress };
}
