using System.Net.Http.Json;
using System.Text.Json;
using OtpNet;

namespace Hotline.IntegrationTests;

/// <summary>
/// A phone's authenticator app, made with Otp.NET from the secret the hotline showed: its code now, or some steps
/// ahead (the hotline takes one step either side, and refuses a step already used), and a code that is surely wrong.
/// </summary>
public sealed class Authenticator(string base32Secret)
{
    private readonly Totp _totp = new(Base32Encoding.ToBytes(base32Secret));

    public byte[] Secret { get; } = Base32Encoding.ToBytes(base32Secret);

    public static string Base32(byte[] secret) => Base32Encoding.ToString(secret);

    public string Code(int stepsAhead = 0) => _totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30 * stepsAhead));

    /// <summary>A code of none of the steps the hotline could take now.</summary>
    public string WrongCode()
    {
        var near = Enumerable.Range(-3, 7).Select(Code).ToHashSet();
        return Enumerable.Range(0, 10).Select(d => new string((char)('0' + d), 6)).First(code => !near.Contains(code));
    }
}

/// <summary>The second factor's steps through the public endpoints, as a page takes them.</summary>
public static class SecondFactorSteps
{
    /// <summary>POST /api/auth/login: the whole answer, for an account that gets a second-factor step instead of a token.</summary>
    public static async Task<JsonElement> Password(this IHotlineSite site, string userName, string password)
    {
        using var http = site.CreateClient();
        var response = await http.PostAsJsonAsync("/api/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<HttpResponseMessage> Post(this IHotlineSite site, string path, object body)
    {
        using var http = site.CreateClient();
        return await http.PostAsJsonAsync(path, body);
    }

    /// <summary>A first sign-in from password to token: the app made from the shown secret, the token and the recovery codes.</summary>
    public static async Task<(Authenticator App, string Token, IReadOnlyList<string> RecoveryCodes)> Enrol(this IHotlineSite site, string userName, string password)
    {
        var step = await site.Password(userName, password);
        Assert.Equal("enrol", step.GetProperty("secondFactor").GetString());
        var challenge = step.GetProperty("challenge").GetString()!;
        var enrolment = await (await site.Post("/api/auth/second-factor/enrol", new { challenge })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var app = new Authenticator(enrolment.GetProperty("secret").GetString()!);
        var signedIn = await (await site.Post("/api/auth/second-factor/confirm", new { challenge, code = app.Code() })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        return (app, signedIn.GetProperty("accessToken").GetString()!, signedIn.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList());
    }
}
