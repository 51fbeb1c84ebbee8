namespace Hotline.Contracts.Accounts;

/// <summary>A sign-in waiting for its second factor: the challenge's id, and whether the account has a confirmed authenticator app.</summary>
[GenerateSerializer, Immutable, Alias("hotline.SecondFactorChallenge")]
public sealed record SecondFactorChallenge(Guid Id, bool Enrolled);

/// <summary>
/// A staff account's second factor (keyed like its account): the authenticator app's secret, sealed at rest, the
/// last time step a code was used in, and the hashes of its recovery codes. Each call names the open challenge, the
/// one a right password opened last; a few wrong codes close it, and only a new password sign-in opens another.
/// </summary>
public interface ISecondFactorGrain : IGrainWithStringKey
{
    /// <summary>Opens a challenge after a right password; it replaces any earlier one.</summary>
    Task<SecondFactorChallenge> Open();

    /// <summary>A fresh secret (base32) for an account without a confirmed app; refused once it has one.</summary>
    Task<string> BeginEnrolment(Guid challenge);

    /// <summary>Confirms the secret from <see cref="BeginEnrolment"/> with a code from the app; the recovery codes, shown this once.</summary>
    Task<IReadOnlyList<string>> Confirm(Guid challenge, string code);

    /// <summary>Checks a code from the app; refused when wrong, or when its time step was already used.</summary>
    Task Verify(Guid challenge, string code);

    /// <summary>Uses one recovery code up; how many are left.</summary>
    Task<int> UseRecoveryCode(Guid challenge, string code);

    /// <summary>Forgets the app and the recovery codes (a lost phone): the next sign-in sets up a new app.</summary>
    Task Reset();
}
