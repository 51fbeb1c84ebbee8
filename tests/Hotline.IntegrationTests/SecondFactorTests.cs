using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hotline.Contracts;

namespace Hotline.IntegrationTests;

/// <summary>
/// A hotline with the second factor on for supervisors and admins, as the product ships. The bootstrap admin's first
/// sign-in sets up its app here, as an operator's would; its token then creates the accounts the tests sign in with.
/// </summary>
public sealed class SecondFactorFixture : IAsyncLifetime
{
    public HotlineServer Server { get; } = new(new Dictionary<string, string> { ["Hotline__Auth__SecondFactorRoles"] = "supervisor,admin" });

    public string AdminToken { get; private set; } = "";

    public Authenticator AdminApp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Server.StartAsync();
        (AdminApp, AdminToken, _) = await Server.Enrol(HotlineServer.AdminUserName, HotlineServer.AdminPassword);
    }

    public HttpClient AdminClient()
    {
        var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return http;
    }

    public async Task<string> NewAccount(string role)
    {
        var userName = $"f{Guid.NewGuid():N}"[..20];
        using var http = AdminClient();
        (await http.PostAsJsonAsync("/api/admin/users", new { userName, displayName = $"{role} 二步", password = Admin.StrongPassword, roles = new[] { role } })).EnsureSuccessStatusCode();
        return userName;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// The second factor through the real server: a password alone gives a supervisor or admin no token; enrolment with
/// the QR code's secret, codes from an app (Otp.NET), replays, wrong codes, recovery codes, an admin's reset, the audit,
/// and a store that never holds the secret in clear.
/// </summary>
public sealed class SecondFactorTests(SecondFactorFixture fixture) : IClassFixture<SecondFactorFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task A_supervisors_password_alone_gets_no_token_and_no_cookie_only_a_challenge_that_opens_nothing()
    {
        var userName = await fixture.NewAccount("supervisor");
        using var http = Server.CreateClient();
        var response = await http.PostAsJsonAsync("/api/auth/login", new { userName, password = Admin.StrongPassword });

        response.EnsureSuccessStatusCode();
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(answer.TryGetProperty("accessToken", out _));
        Assert.Equal("enrol", answer.GetProperty("secondFactor").GetString());
        var challenge = answer.GetProperty("challenge").GetString()!;
        Assert.DoesNotContain(userName, challenge);
        using var withChallenge = Server.CreateClient();
        withChallenge.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", challenge);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withChallenge.GetAsync("/api/supervisor/stats")).StatusCode);

        // A counsellor is not in the roles: the token at once (and no cookie: that is for admins only).
        var counselor = await fixture.NewAccount("counselor");
        var plain = await http.PostAsJsonAsync("/api/auth/login", new { userName = counselor, password = Admin.StrongPassword });
        Assert.False(plain.Headers.Contains("Set-Cookie"));
        Assert.False(string.IsNullOrEmpty((await plain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()));
    }

    [Fact]
    public async Task Enrolment_shows_a_QR_code_of_the_secret_and_the_first_code_signs_in_with_ten_recovery_codes_and_the_cookie()
    {
        var userName = await fixture.NewAccount("admin");
        var challenge = (await Server.Password(userName, Admin.StrongPassword)).GetProperty("challenge").GetString()!;
        var enrolment = await (await Server.Post("/api/auth/second-factor/enrol", new { challenge })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var secret = enrolment.GetProperty("secret").GetString()!;
        Assert.Matches("^[A-Z2-7]{32}$", secret);
        Assert.Equal($"otpauth://totp/Hotline:{userName}?secret={secret}&issuer=Hotline&algorithm=SHA1&digits=6&period=30", enrolment.GetProperty("otpauthUri").GetString());
        var svg = enrolment.GetProperty("qrSvg").GetString()!;
        Assert.Contains("<svg", svg);
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);

        var app = new Authenticator(secret);
        var confirmed = await Server.Post("/api/auth/second-factor/confirm", new { challenge, code = app.Code() });
        confirmed.EnsureSuccessStatusCode();
        // An admin's finished sign-in also carries the dashboard's cookie.
        Assert.Contains(confirmed.Headers.GetValues("Set-Cookie"), c => c.StartsWith("hotline.staff=") && c.Contains("path=/dashboard"));
        var signedIn = await confirmed.Content.ReadFromJsonAsync<JsonElement>();
        var codes = signedIn.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, code => Assert.Matches("^[a-z2-9]{5}-[a-z2-9]{5}$", code));
        Assert.Equal(["admin"], signedIn.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        using var admin = Server.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", signedIn.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/users")).StatusCode);

        // Set up once: the next sign-in asks for a code, and a second enrolment is refused.
        var next = await Server.Password(userName, Admin.StrongPassword);
        Assert.Equal("code", next.GetProperty("secondFactor").GetString());
        await AssertRefused(await Server.Post("/api/auth/second-factor/enrol", new { challenge = next.GetProperty("challenge").GetString() }), RefusalCodes.SecondFactorAlreadyEnrolled);
    }

    [Fact]
    public async Task The_bootstrap_admins_first_sign_in_set_up_its_app_and_its_next_asks_for_a_code()
    {
        using var admin = fixture.AdminClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/users")).StatusCode);
        var next = await Server.Password(HotlineServer.AdminUserName, HotlineServer.AdminPassword);
        Assert.Equal("code", next.GetProperty("secondFactor").GetString());
        Assert.False(next.TryGetProperty("accessToken", out _));
    }

    [Fact]
    public async Task A_code_signs_in_once_and_the_same_code_is_refused_the_second_time()
    {
        var userName = await fixture.NewAccount("supervisor");
        var (app, _, _) = await Server.Enrol(userName, Admin.StrongPassword);

        // The enrolment used this step's code: the next step's (within the window) signs in.
        var code = app.Code(stepsAhead: 1);
        var first = await Server.Post("/api/auth/second-factor", new { challenge = await Challenge(userName), code });
        first.EnsureSuccessStatusCode();
        Assert.False(string.IsNullOrEmpty((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()));

        var replayed = await Server.Post("/api/auth/second-factor", new { challenge = await Challenge(userName), code });
        var refusal = await AssertRefused(replayed, RefusalCodes.SecondFactorCodeUsed);
        Assert.Equal("4", refusal.Params["left"]);
        // An older code, of the step the enrolment used, is refused the same way.
        await AssertRefused(await Server.Post("/api/auth/second-factor", new { challenge = await Challenge(userName), code = app.Code() }), RefusalCodes.SecondFactorCodeUsed);
    }

    [Fact]
    public async Task Wrong_codes_count_down_and_the_fifth_ends_the_challenge_even_for_the_right_code_then_a_new_sign_in_works()
    {
        var userName = await fixture.NewAccount("admin");
        var (app, _, _) = await Server.Enrol(userName, Admin.StrongPassword);
        var challenge = await Challenge(userName);

        foreach (var left in new[] { "4", "3", "2", "1" })
            Assert.Equal(left, (await AssertRefused(await Server.Post("/api/auth/second-factor", new { challenge, code = app.WrongCode() }), RefusalCodes.SecondFactorWrongCode)).Params["left"]);
        await AssertRefused(await Server.Post("/api/auth/second-factor", new { challenge, code = app.WrongCode() }), RefusalCodes.SecondFactorTooManyWrong);
        await AssertRefused(await Server.Post("/api/auth/second-factor", new { challenge, code = app.Code(stepsAhead: 1) }), RefusalCodes.SecondFactorChallengeInvalid);

        var again = await Server.Post("/api/auth/second-factor", new { challenge = await Challenge(userName), code = app.Code(stepsAhead: 1) });
        again.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_challenge_is_refused_when_altered_replaced_by_a_newer_sign_in_or_given_no_code()
    {
        var userName = await fixture.NewAccount("supervisor");
        var (app, _, _) = await Server.Enrol(userName, Admin.StrongPassword);
        var older = await Challenge(userName);
        var newer = await Challenge(userName);

        await AssertRefused(await Server.Post("/api/auth/second-factor", new { challenge = older, code = app.Code(stepsAhead: 1) }), RefusalCodes.SecondFactorChallengeInvalid);
        await AssertRefused(await Server.Post("/api/auth/second-factor", new { challenge = newer[..^4] + "AAAA", code = app.Code(stepsAhead: 1) }), RefusalCodes.SecondFactorChallengeInvalid);
        var missing = await Server.Post("/api/auth/second-factor", new { challenge = newer });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(RefusalCodes.SecondFactorCodeMissing, (await ProblemRefusal.Read(missing)).Code);
        (await Server.Post("/api/auth/second-factor", new { challenge = newer, code = app.Code(stepsAhead: 1) })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_however_it_is_typed_and_each_use_is_audited()
    {
        var userName = await fixture.NewAccount("supervisor");
        var (_, token, codes) = await Server.Enrol(userName, Admin.StrongPassword);

        var used = await Server.Post("/api/auth/second-factor", new { challenge = await Challenge(userName), recoveryCode = codes[3] });
        used.EnsureSuccessStatusCode();
        var answer = await used.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(9, answer.GetProperty("recoveryCodesLeft").GetInt32());
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("accessToken").GetString()));
        await AssertRefused(await Server.Post("/api/auth/second-factor", new { challenge = await Challenge(userName), recoveryCode = codes[3] }), RefusalCodes.SecondFactorWrongRecoveryCode);

        var typed = $" {codes[7].Replace("-", "", StringComparison.Ordinal).ToUpperInvariant()} ";
        var other = await Server.Post("/api/auth/second-factor", new { challenge = await Challenge(userName), recoveryCode = typed });
        other.EnsureSuccessStatusCode();
        Assert.Equal(8, (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recoveryCodesLeft").GetInt32());

        var audit = await Audit(token, userName);
        Assert.Equal(1, audit.Count(e => e.Action == "second-factor-enrol" && e.Actor == userName));
        Assert.Equal(2, audit.Count(e => e.Action == "second-factor-recovery-code" && e.Actor == userName));
    }

    [Fact]
    public async Task An_admin_resets_a_lost_phone_audited_and_the_next_sign_in_sets_up_a_new_app()
    {
        var userName = await fixture.NewAccount("supervisor");
        var (app, token, codes) = await Server.Enrol(userName, Admin.StrongPassword);
        using var admin = fixture.AdminClient();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/users/{userName.ToUpperInvariant()}/second-factor/reset", null)).StatusCode);

        var step = await Server.Password(userName, Admin.StrongPassword);
        Assert.Equal("enrol", step.GetProperty("secondFactor").GetString());
        // The old app and recovery codes are forgotten.
        await AssertRefused(await Server.Post("/api/auth/second-factor", new { challenge = step.GetProperty("challenge").GetString(), recoveryCode = codes[0] }), RefusalCodes.SecondFactorNotEnrolled);
        var (newApp, _, _) = await Server.Enrol(userName, Admin.StrongPassword);
        Assert.NotEqual(app.Secret, newApp.Secret);
        Assert.Contains(await Audit(token, userName), e => e.Action == "second-factor-reset" && e.Actor == HotlineServer.AdminUserName);

        var unknown = await admin.PostAsync("/api/admin/users/nobody-here/second-factor/reset", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(RefusalCodes.AccountUnknown, (await ProblemRefusal.Read(unknown)).Code);
    }

    [Fact]
    public async Task The_store_never_holds_the_secret_or_the_recovery_codes_in_clear()
    {
        var userName = await fixture.NewAccount("supervisor");
        var (app, _, codes) = await Server.Enrol(userName, Admin.StrongPassword);

        // grains.db with its write-ahead log, read while the server runs: the confirmed state was written before the answer.
        var stored = Directory.GetFiles(Server.DataDirectory, "grains.db*").SelectMany(ReadShared).ToArray();
        Assert.True(Contains(stored, Encoding.UTF8.GetBytes($"secondfactor/{userName}")), "the second factor's state is not in the store");
        var secretText = Authenticator.Base32(app.Secret);
        Assert.False(Contains(stored, Encoding.UTF8.GetBytes(secretText)), "the base32 secret is in the store");
        Assert.False(Contains(stored, app.Secret), "the raw secret is in the store");
        foreach (var code in codes)
            Assert.False(Contains(stored, Encoding.UTF8.GetBytes(code)) || Contains(stored, Encoding.UTF8.GetBytes(code.Replace("-", "", StringComparison.Ordinal))), "a recovery code is in the store");
    }

    private async Task<string> Challenge(string userName) => (await Server.Password(userName, Admin.StrongPassword)).GetProperty("challenge").GetString()!;

    private static async Task<ProblemRefusal.Refused> AssertRefused(HttpResponseMessage response, string code)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var refusal = await ProblemRefusal.Read(response);
        Assert.Equal(code, refusal.Code);
        return refusal;
    }

    private sealed record Entry(string Actor, string Action, string? Subject);

    /// <summary>The audit log's entries about one account, read by a supervisor.</summary>
    private async Task<List<Entry>> Audit(string supervisorToken, string subject)
    {
        using var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", supervisorToken);
        var audit = await http.GetFromJsonAsync<JsonElement>("/api/supervisor/audit?take=1000");
        return audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("entry").Deserialize<Entry>(JsonSerializerOptions.Web)!)
            .Where(e => e.Subject == subject).ToList();
    }

    private static byte[] ReadShared(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
