using System.Security.Cryptography;
using Hotline.Contracts;
using Hotline.Contracts.Accounts;
using Hotline.Contracts.Supervision;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using QRCoder;

namespace Hotline.Web.Auth;

/// <summary>What a right password answers for an account that needs a second factor: "enrol" or "code", and the challenge to go on with.</summary>
public sealed record SecondFactorStep(string SecondFactor, string Challenge);

/// <summary>A new authenticator secret: as text to type, as the otpauth URI apps read, and as that URI's QR code (SVG).</summary>
public sealed record Enrolment(string Secret, string OtpauthUri, string QrSvg);

/// <summary>
/// The step between a right password and a token, for the roles in Hotline:Auth:SecondFactorRoles. A challenge
/// (encrypted and signed with Data Protection, five minutes long) carries the account from one request to the next;
/// SecondFactorGrain holds the rules for codes, recovery codes and wrong tries. Enrolments, recovery-code uses and
/// admins' resets are audited.
/// </summary>
public sealed class SecondFactors(IGrainFactory grains, IDataProtectionProvider protection, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string Issuer = "Hotline";
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(5);

    private readonly ITimeLimitedDataProtector _challenges = protection.CreateProtector("Hotline.SecondFactor.Challenge").ToTimeLimitedDataProtector();

    public bool IsRequiredFor(Account account)
    {
        var roles = options.Value.SecondFactorRoleSet();
        return account.Roles.Any(roles.Contains);
    }

    public async Task<SecondFactorStep> Challenge(Account account)
    {
        var challenge = await Grain(account.UserName).Open();
        var sealedChallenge = _challenges.Protect($"{account.UserName}\n{challenge.Id:N}", ChallengeLifetime);
        return new SecondFactorStep(challenge.Enrolled ? "code" : "enrol", sealedChallenge);
    }

    public async Task<Enrolment> Enrol(string? challenge)
    {
        var (userName, id) = Open(challenge);
        var secret = await Grain(userName).BeginEnrolment(id);
        var issuer = Uri.EscapeDataString(Issuer);
        var uri = $"otpauth://totp/{issuer}:{Uri.EscapeDataString(userName)}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits=6&period=30";
        using var generator = new QRCodeGenerator();
        using var qr = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new Enrolment(secret, uri, new SvgQRCode(qr).GetGraphic(4));
    }

    /// <summary>The first code from the new app: the account, and its recovery codes (shown this once).</summary>
    public async Task<(Account Account, IReadOnlyList<string> RecoveryCodes)> Confirm(string? challenge, string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
            throw Missing();
        var (userName, id) = Open(challenge);
        var codes = await Grain(userName).Confirm(id, code);
        await Audit(userName, AuditActions.SecondFactorEnrol, userName);
        return (await Usable(userName), codes);
    }

    /// <summary>A code from the app, or one recovery code (then how many are left).</summary>
    public async Task<(Account Account, int? RecoveryCodesLeft)> SignIn(string? challenge, string? code, string? recoveryCode)
    {
        if (string.IsNullOrWhiteSpace(code) == string.IsNullOrWhiteSpace(recoveryCode))
            throw Missing();
        var (userName, id) = Open(challenge);
        if (!string.IsNullOrWhiteSpace(code))
        {
            await Grain(userName).Verify(id, code);
            return (await Usable(userName), null);
        }
        var left = await Grain(userName).UseRecoveryCode(id, recoveryCode!);
        await Audit(userName, AuditActions.SecondFactorRecoveryCode, userName);
        return (await Usable(userName), left);
    }

    /// <summary>For a lost phone: the account's next sign-in sets up a new app.</summary>
    public async Task Reset(string userName, string actor)
    {
        var name = StaffAccounts.Normalize(userName);
        if (await grains.GetGrain<IAccountGrain>(name).Get() is null)
            throw new HotlineException(RefusalCodes.AccountUnknown, Refusal.NotFound, "There is no account '{userName}'.", ("userName", userName));
        await Grain(name).Reset();
        await Audit(actor, AuditActions.SecondFactorReset, name);
    }

    private (string UserName, Guid Id) Open(string? challenge)
    {
        try
        {
            var parts = _challenges.Unprotect(challenge ?? "").Split('\n');
            if (parts.Length == 2 && Guid.TryParseExact(parts[1], "N", out var id))
                return (parts[0], id);
        }
        catch (CryptographicException)
        {
            // Expired, altered, or sealed with a key this node does not have: all the same to the person signing in.
        }
        throw Silo.Grains.SecondFactorGrain.ChallengeEnded();
    }

    /// <summary>The account, unless it was disabled while the code was typed.</summary>
    private async Task<Account> Usable(string userName)
    {
        var grain = grains.GetGrain<IAccountGrain>(userName);
        if ((await grain.GetStanding()).Disabled)
            throw new HotlineException(RefusalCodes.SignInDisabled, "This account is disabled. Ask an admin if you need it again.");
        return (await grain.Get())!;
    }

    private ISecondFactorGrain Grain(string userName) => grains.GetGrain<ISecondFactorGrain>(userName);

    private Task Audit(string actor, string action, string userName) =>
        grains.GetGrain<IAuditLogGrain>(0).Record(new AuditEntry(actor, action, Guid.Empty, clock.GetUtcNow(), userName));

    private static HotlineException Missing() =>
        new(RefusalCodes.SecondFactorCodeMissing, "Enter either the 6-digit code from your app or one recovery code.");
}
