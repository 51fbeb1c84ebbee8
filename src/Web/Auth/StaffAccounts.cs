using System.Text.RegularExpressions;
using Hotline.Contracts;
using Hotline.Contracts.Accounts;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Supervision;
using Hotline.Silo;
using Hotline.Silo.Lines;
using Microsoft.AspNetCore.Identity;

namespace Hotline.Web.Auth;

public sealed record NewUserRequest(
    string? UserName,
    string? DisplayName,
    string? Password,
    IReadOnlyList<string>? Roles,
    IReadOnlyList<string>? Topics,
    IReadOnlyList<string>? Languages,
    int? MaxConcurrentChats,
    string? PhoneNumber = null,
    IReadOnlyList<string>? Lines = null);

public sealed record UserChange(string? DisplayName, string? Password, IReadOnlyList<string>? Roles, IReadOnlyList<string>? Lines = null);

/// <summary><paramref name="PhoneNumber"/>: where calls are put through to, in E.164 (+8613800000000); none rings their browser.</summary>
public sealed record ProfileChange(IReadOnlyList<string>? Topics, IReadOnlyList<string>? Languages, int? MaxConcurrentChats, string? PhoneNumber = null);

/// <param name="Lines">The lines the person's roles hold at (and every line under them).</param>
public sealed record StaffUser(string UserName, string DisplayName, IReadOnlyList<string> Roles, bool Disabled, CounselorProfile? Profile, IReadOnlyList<string> Lines);

/// <summary>
/// The outcome of a sign-in: the account and its security stamp (for the token), or why not (a refusal with its code
/// and words for the person signing in).
/// </summary>
public sealed record SignInOutcome(Account? Account, HotlineException? Refusal);

/// <summary>
/// Staff accounts: creating (the admin endpoint, the bootstrap admin and demo accounts all come through here),
/// changing, disabling, signing in (with back-off after failures) and out. Every change is audited.
/// </summary>
public sealed partial class StaffAccounts(IGrainFactory grains, TopicCatalog catalog, LineCatalog lines, PasswordHashing passwords, SignInBackOff backOff, TimeProvider clock)
{
    public const int MinPasswordLength = 10;
    public const int MaxChatsCap = 10;

    public async Task<Account> Create(NewUserRequest request, string actor)
    {
        var userName = ValidUserName(request.UserName);
        var displayName = ValidDisplayName(request.DisplayName);
        CheckPassword(request.Password, userName);
        var roles = ValidRoles(request.Roles);
        var served = ValidLines(request.Lines);
        var profile = IsCounselor(roles) ? Profile(displayName, request.Topics, request.Languages, request.MaxConcurrentChats, request.PhoneNumber) with { Lines = served } : null;

        var account = new Account(userName, displayName, "", roles, clock.GetUtcNow(), served);
        account = account with { PasswordHash = passwords.Hash(request.Password!) };
        await Grain(userName).Create(account);
        if (profile is not null)
            await grains.GetGrain<ICounselorGrain>(userName).SetProfile(profile);
        await Audit(actor, AuditActions.AccountCreate, userName);
        return account;
    }

    public async Task<StaffUser> Change(string userName, UserChange change, string actor)
    {
        var account = await Existing(userName);
        var displayName = change.DisplayName is null ? account.DisplayName : ValidDisplayName(change.DisplayName);
        var roles = change.Roles is null ? account.Roles : ValidRoles(change.Roles);
        var served = change.Lines is null ? LinesOf(account) : ValidLines(change.Lines);
        var updated = account with { DisplayName = displayName, Roles = roles, Lines = served };
        if (change.Password is not null)
        {
            CheckPassword(change.Password, account.UserName);
            updated = updated with { PasswordHash = passwords.Hash(change.Password) };
        }
        await Grain(account.UserName).Update(updated);
        var counselor = grains.GetGrain<ICounselorGrain>(account.UserName);
        if (IsCounselor(roles) && await counselor.GetProfile() is var profile && (profile is null || !lines.Served(profile.Lines).SequenceEqual(served)))
            await counselor.SetProfile((profile ?? Profile(displayName, null, null, null, null)) with { Lines = served });
        await Audit(actor, AuditActions.AccountUpdate, account.UserName);
        return await Describe(account.UserName);
    }

    public async Task<StaffUser> ChangeProfile(string userName, ProfileChange change, string actor)
    {
        var account = await Existing(userName);
        if (!IsCounselor(account.Roles))
            throw new HotlineException(RefusalCodes.AccountNotCounselor, "'{userName}' is not a counsellor or supervisor, so has no skills or cap.", ("userName", account.UserName));
        await grains.GetGrain<ICounselorGrain>(account.UserName).SetProfile(
            Profile(account.DisplayName, change.Topics, change.Languages, change.MaxConcurrentChats, change.PhoneNumber) with { Lines = LinesOf(account) });
        await Audit(actor, AuditActions.ProfileUpdate, account.UserName);
        return await Describe(account.UserName);
    }

    /// <summary>Disables (or enables) an account; either ends its sessions, so its live connections are closed on every web node.</summary>
    public async Task<StaffUser> SetDisabled(string userName, bool disabled, string actor)
    {
        var account = await Existing(userName);
        await Grain(account.UserName).SetDisabled(disabled);
        await Audit(actor, disabled ? AuditActions.AccountDisable : AuditActions.AccountEnable, account.UserName);
        return await Describe(account.UserName);
    }

    public async Task<IReadOnlyList<StaffUser>> List() =>
        await Task.WhenAll((await grains.GetGrain<IAccountDirectoryGrain>(0).UserNames()).Select(Describe));

    /// <summary>
    /// Checks a sign-in from <paramref name="clientAddress"/> (<see cref="ClientAddress.Key(HttpContext)"/>). While
    /// failures make this account-and-address (or this address) wait, the attempt is refused unchecked. The answers
    /// never tell whether the user name exists: an unknown name verifies against a decoy hash and backs off the same.
    /// </summary>
    public async Task<SignInOutcome> SignIn(string? userName, string? password, string clientAddress)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || !UserNamePattern().IsMatch(userName.Trim()))
            return new(null, WrongCredentials());
        var name = Normalize(userName);
        if (await backOff.Wait(name, clientAddress) is var wait && wait > TimeSpan.Zero)
            return new(null, Wait(wait));

        var grain = Grain(name);
        var account = await grain.Get();
        var verified = passwords.Verify(account?.PasswordHash ?? passwords.DecoyHash, password);
        if (account is null || verified == PasswordVerificationResult.Failed)
        {
            await backOff.RecordFailure(name, clientAddress);
            return new(null, WrongCredentials());
        }
        var standing = await grain.GetStanding();
        if (standing.Disabled)
            return new(null, new HotlineException(RefusalCodes.SignInDisabled, "This account is disabled. Ask an admin if you need it again."));
        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
            await grain.UpgradePasswordHash(account.PasswordHash, passwords.Hash(password));
        await backOff.Succeeded(name, clientAddress);
        return new(account, null);
    }

    /// <summary>Signs the person out of every session: every token and live connection of theirs ends, on every web node.</summary>
    public async Task SignOut(string userName)
    {
        await Grain(Normalize(userName)).EndSessions();
        await Audit(userName, AuditActions.SignOut, userName);
    }

    public static string Normalize(string userName) => userName.Trim().ToLowerInvariant();

    private static HotlineException WrongCredentials() => new(RefusalCodes.SignInWrong, "The user name or password is not correct.");

    private static HotlineException Wait(TimeSpan wait) => new(RefusalCodes.SignInWait,
        "Too many failed sign-ins. Wait {seconds} seconds, then try again; if you forgot your password, an admin can set a new one.",
        ("seconds", (int)Math.Ceiling(wait.TotalSeconds)));

    private async Task<StaffUser> Describe(string userName)
    {
        var account = (await Grain(userName).Get())!;
        var standing = await Grain(userName).GetStanding();
        var profile = await grains.GetGrain<ICounselorGrain>(userName).GetProfile();
        return new StaffUser(account.UserName, account.DisplayName, account.Roles, standing.Disabled, profile, LinesOf(account));
    }

    private async Task<Account> Existing(string userName) =>
        await Grain(Normalize(userName)).Get() ?? throw new HotlineException(RefusalCodes.AccountUnknown, Refusal.NotFound, "There is no account '{userName}'.", ("userName", userName));

    private IAccountGrain Grain(string userName) => grains.GetGrain<IAccountGrain>(userName);

    private Task Audit(string actor, string action, string userName) =>
        grains.GetGrain<IAuditLogGrain>(0).Record(new AuditEntry(actor, action, Guid.Empty, clock.GetUtcNow(), userName));

    private IReadOnlyList<string> LinesOf(Account account) => lines.Served(account.Lines);

    private IReadOnlyList<string> ValidLines(IReadOnlyList<string>? requested)
    {
        var chosen = (requested ?? []).Select(l => l.Trim().ToLowerInvariant()).Distinct().ToList();
        if (chosen.Count == 0)
            return [lines.Default.Id];
        return chosen.FirstOrDefault(l => lines.Find(l) is null) is { } unknown
            ? throw new HotlineException(RefusalCodes.LineUnknown, "'{line}' is not a line of this hotline. Choose one of: {choices}.", ("line", unknown), ("choices", string.Join(", ", lines.All.Select(l => l.Id))))
            : chosen;
    }

    private static bool IsCounselor(IReadOnlyList<string> roles) => roles.Contains(Roles.Counselor) || roles.Contains(Roles.Supervisor);

    private static string ValidUserName(string? userName)
    {
        var trimmed = userName?.Trim() ?? "";
        return UserNamePattern().IsMatch(trimmed)
            ? Normalize(trimmed)
            : throw new HotlineException(RefusalCodes.AccountBadUserName, "userName must be 3 to 32 letters, digits, '.', '_' or '-'.");
    }

    private static string ValidDisplayName(string? displayName)
    {
        var trimmed = displayName?.Trim() ?? "";
        return trimmed.Length is 0 or > 60 ? throw new HotlineException(RefusalCodes.AccountBadDisplayName, "displayName is required and may be at most {max} characters.", ("max", 60)) : trimmed;
    }

    private static IReadOnlyList<string> ValidRoles(IReadOnlyList<string>? roles)
    {
        var valid = (roles ?? []).Select(r => r.Trim().ToLowerInvariant()).Distinct().ToList();
        return valid.Count == 0 || valid.Any(r => !Roles.All.Contains(r))
            ? throw new HotlineException(RefusalCodes.AccountBadRoles, "roles must name one or more of: {choices}.", ("choices", string.Join(", ", Roles.All)))
            : valid;
    }

    private CounselorProfile Profile(string displayName, IReadOnlyList<string>? topics, IReadOnlyList<string>? languages, int? maxConcurrentChats, string? phoneNumber)
    {
        var phone = string.IsNullOrWhiteSpace(phoneNumber) ? null : phoneNumber.Trim();
        if (phone is not null && !E164().IsMatch(phone))
            throw new HotlineException(RefusalCodes.AccountBadPhone, "phoneNumber must be in international form, + and 7 to 15 digits (e.g. +8613800000000).");
        var chosenTopics = topics is { Count: > 0 } ? topics : catalog.Topics.Select(t => t.Id).ToList();
        if (chosenTopics.FirstOrDefault(t => !catalog.IsTopic(t)) is { } badTopic)
            throw new HotlineException(RefusalCodes.TopicUnknown, "'{topic}' is not a known topic. Choose one of: {choices}.", ("topic", badTopic), ("choices", string.Join(", ", catalog.Topics.Select(t => t.Id))));
        var chosenLanguages = languages is { Count: > 0 } ? languages : ["zh"];
        if (chosenLanguages.FirstOrDefault(l => !catalog.IsLanguage(l)) is { } badLanguage)
            throw new HotlineException(RefusalCodes.LanguageUnknown, "'{language}' is not a supported language. Choose one of: {choices}.", ("language", badLanguage), ("choices", string.Join(", ", catalog.Languages)));
        var cap = maxConcurrentChats ?? 1;
        if (cap is < 1 or > MaxChatsCap)
            throw new HotlineException(RefusalCodes.AccountBadCap, "maxConcurrentChats must be between 1 and {max}.", ("max", MaxChatsCap));
        return new CounselorProfile(displayName, chosenTopics.Distinct().ToList(), chosenLanguages.Distinct().ToList(), cap, phone);
    }

    private static void CheckPassword(string? password, string userName)
    {
        if (password is null || password.Length < MinPasswordLength)
            throw new HotlineException(RefusalCodes.PasswordTooShort, "The password must be at least {min} characters long.", ("min", MinPasswordLength));
        if (password.Contains(userName, StringComparison.OrdinalIgnoreCase))
            throw new HotlineException(RefusalCodes.PasswordHasUserName, "The password must not contain the user name.");
        var kinds = new[] { password.Any(char.IsLower), password.Any(char.IsUpper), password.Any(char.IsDigit), password.Any(c => !char.IsLetterOrDigit(c)) }.Count(k => k);
        if (kinds < 3)
            throw new HotlineException(RefusalCodes.PasswordTooSimple, "The password must mix at least three of: lower-case letters, upper-case letters, digits, symbols.");
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{3,32}$")]
    private static partial Regex UserNamePattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial System.Text.RegularExpressions.Regex E164();
}
