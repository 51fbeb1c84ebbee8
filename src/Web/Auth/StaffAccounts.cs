using System.Text.RegularExpressions;
using Hotline.Contracts;
using Hotline.Contracts.Accounts;
using Hotline.Contracts.Counselors;
using Hotline.Silo;
using Microsoft.AspNetCore.Identity;

namespace Hotline.Web.Auth;

public sealed record NewUserRequest(
    string? UserName,
    string? DisplayName,
    string? Password,
    IReadOnlyList<string>? Roles,
    IReadOnlyList<string>? Topics,
    IReadOnlyList<string>? Languages,
    int? MaxConcurrentChats);

/// <summary>Creates staff accounts (the admin endpoint, the bootstrap admin and demo accounts all come through here) and checks sign-ins.</summary>
public sealed partial class StaffAccounts(IGrainFactory grains, TopicCatalog catalog, TimeProvider clock)
{
    public const int MinPasswordLength = 10;
    public const int MaxChatsCap = 10;

    private static readonly PasswordHasher<Account> Hasher = new();

    // Verifying against this when the user does not exist keeps a wrong name as slow as a wrong password.
    private static readonly string DecoyHash = Hasher.HashPassword(null!, "decoy-password-for-timing");

    public async Task<Account> Create(NewUserRequest request)
    {
        var (account, profile) = Validate(request);
        await grains.GetGrain<IAccountGrain>(account.UserName).Create(account);
        if (profile is not null)
            await grains.GetGrain<ICounselorGrain>(account.UserName).SetProfile(profile);
        return account;
    }

    public async Task<Account?> SignIn(string? userName, string? password)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || !UserNamePattern().IsMatch(userName))
            return null;
        var account = await grains.GetGrain<IAccountGrain>(Normalize(userName)).Get();
        var result = Hasher.VerifyHashedPassword(account!, account?.PasswordHash ?? DecoyHash, password);
        return account is not null && result != PasswordVerificationResult.Failed ? account : null;
    }

    public static string Normalize(string userName) => userName.Trim().ToLowerInvariant();

    internal (Account Account, CounselorProfile? Profile) Validate(NewUserRequest request)
    {
        var userName = request.UserName?.Trim() ?? "";
        if (!UserNamePattern().IsMatch(userName))
            throw new HotlineException("userName must be 3 to 32 letters, digits, '.', '_' or '-'.");
        var displayName = request.DisplayName?.Trim() ?? "";
        if (displayName.Length is 0 or > 60)
            throw new HotlineException("displayName is required and may be at most 60 characters.");
        CheckPassword(request.Password, userName);

        var roles = (request.Roles ?? []).Select(r => r.Trim().ToLowerInvariant()).Distinct().ToList();
        if (roles.Count == 0 || roles.Any(r => !Roles.All.Contains(r)))
            throw new HotlineException($"roles must name one or more of: {string.Join(", ", Roles.All)}.");

        CounselorProfile? profile = null;
        if (roles.Contains(Roles.Counselor) || roles.Contains(Roles.Supervisor))
        {
            var topics = request.Topics is { Count: > 0 } ? request.Topics : catalog.Topics.Select(t => t.Id).ToList();
            if (topics.FirstOrDefault(t => !catalog.IsTopic(t)) is { } badTopic)
                throw new HotlineException($"'{badTopic}' is not a known topic.");
            var languages = request.Languages is { Count: > 0 } ? request.Languages : ["zh"];
            if (languages.FirstOrDefault(l => !catalog.IsLanguage(l)) is { } badLanguage)
                throw new HotlineException($"'{badLanguage}' is not a supported language. Choose from: {string.Join(", ", catalog.Languages)}.");
            var cap = request.MaxConcurrentChats ?? 1;
            if (cap is < 1 or > MaxChatsCap)
                throw new HotlineException($"maxConcurrentChats must be between 1 and {MaxChatsCap}.");
            profile = new CounselorProfile(displayName, topics.Distinct().ToList(), languages.Distinct().ToList(), cap);
        }

        var account = new Account(Normalize(userName), displayName, "", roles, clock.GetUtcNow());
        return (account with { PasswordHash = Hasher.HashPassword(account, request.Password!) }, profile);
    }

    private static void CheckPassword(string? password, string userName)
    {
        if (password is null || password.Length < MinPasswordLength)
            throw new HotlineException($"The password must be at least {MinPasswordLength} characters long.");
        if (password.Contains(userName, StringComparison.OrdinalIgnoreCase))
            throw new HotlineException("The password must not contain the user name.");
        var kinds = new[] { password.Any(char.IsLower), password.Any(char.IsUpper), password.Any(char.IsDigit), password.Any(c => !char.IsLetterOrDigit(c)) }.Count(k => k);
        if (kinds < 3)
            throw new HotlineException("The password must mix at least three of: lower-case letters, upper-case letters, digits, symbols.");
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{3,32}$")]
    private static partial Regex UserNamePattern();
}
