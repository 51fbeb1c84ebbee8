using Hotline.Contracts;
using Hotline.Contracts.Accounts;
using Hotline.Silo.Accounts;
using Hotline.Silo.Records;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.SecondFactorState")]
public sealed record SecondFactorState
{
    /// <summary>The app's secret, sealed; unconfirmed until the first right code.</summary>
    [Id(0)] public SealedRecord? Secret { get; set; }
    [Id(1)] public bool Confirmed { get; set; }
    /// <summary>The time step of the last code used: a code of this step or earlier is refused.</summary>
    [Id(2)] public long LastStep { get; set; }
    [Id(3)] public List<string> RecoveryCodeHashes { get; set; } = [];
    [Id(4)] public Guid? Challenge { get; set; }
    [Id(5)] public int WrongCodes { get; set; }
}

/// <summary>One staff account's second factor: its rules for codes, recovery codes and challenges (see <see cref="ISecondFactorGrain"/>).</summary>
public sealed class SecondFactorGrain(
    [PersistentState("second-factor")] IPersistentState<SecondFactorState> state,
    SecondFactorSeal seal,
    TimeProvider clock) : Grain, ISecondFactorGrain
{
    /// <summary>Wrong codes a challenge takes before it is closed; then only a new password sign-in goes on.</summary>
    public const int MaxWrongCodes = 5;

    private SecondFactorState S => state.State;

    private string UserName => this.GetPrimaryKeyString();

    public async Task<SecondFactorChallenge> Open()
    {
        S.Challenge = Guid.NewGuid();
        S.WrongCodes = 0;
        await state.WriteStateAsync();
        return new SecondFactorChallenge(S.Challenge.Value, S.Confirmed);
    }

    public async Task<string> BeginEnrolment(Guid challenge)
    {
        CheckChallenge(challenge);
        if (S.Confirmed)
            throw AlreadyEnrolled();
        var secret = AuthenticatorCodes.NewSecret();
        S.Secret = seal.Seal(secret, UserName);
        await state.WriteStateAsync();
        return AuthenticatorCodes.Base32(secret);
    }

    public async Task<IReadOnlyList<string>> Confirm(Guid challenge, string code)
    {
        CheckChallenge(challenge);
        if (S.Confirmed)
            throw AlreadyEnrolled();
        if (S.Secret is null)
            throw new HotlineException(RefusalCodes.SecondFactorNotStarted, "Set up the app first: ask for the QR code, scan it, then enter the code the app shows.");
        await CheckCode(code);
        var codes = RecoveryCodes.New();
        S.Confirmed = true;
        S.RecoveryCodeHashes = codes.Select(RecoveryCodes.Hash).ToList();
        await Close();
        return codes;
    }

    public async Task Verify(Guid challenge, string code)
    {
        CheckChallenge(challenge);
        if (!S.Confirmed)
            throw NotEnrolled();
        await CheckCode(code);
        await Close();
    }

    public async Task<int> UseRecoveryCode(Guid challenge, string code)
    {
        CheckChallenge(challenge);
        if (!S.Confirmed)
            throw NotEnrolled();
        if (!S.RecoveryCodeHashes.Remove(RecoveryCodes.Hash(code)))
            await Wrong(new HotlineException(RefusalCodes.SecondFactorWrongRecoveryCode,
                "That recovery code is not right, or it was used before. Check it on your saved list and try again ({left} tries left).", ("left", MaxWrongCodes - S.WrongCodes - 1)));
        await Close();
        return S.RecoveryCodeHashes.Count;
    }

    public async Task Reset()
    {
        state.State = new SecondFactorState();
        await state.ClearStateAsync();
    }

    private void CheckChallenge(Guid challenge)
    {
        if (S.Challenge != challenge)
            throw ChallengeEnded();
    }

    /// <summary>A right code moves the last used step on; a wrong or used one counts against the challenge.</summary>
    private async Task CheckCode(string code)
    {
        byte[] secret;
        try
        {
            secret = seal.Open(S.Secret!, UserName);
        }
        catch (ArchiveTamperedException)
        {
            throw new HotlineException(RefusalCodes.SecondFactorUnreadable, "This account's authenticator app cannot be checked now. Ask an admin to reset your second factor, then set it up again.");
        }
        var (step, replayed) = AuthenticatorCodes.Match(secret, code, clock.GetUtcNow(), S.LastStep);
        if (step is null)
        {
            var left = MaxWrongCodes - S.WrongCodes - 1;
            await Wrong(replayed
                ? new HotlineException(RefusalCodes.SecondFactorCodeUsed, "This code was already used. Wait for the next code in your app (a new one comes every 30 seconds) and enter that ({left} tries left).", ("left", left))
                : new HotlineException(RefusalCodes.SecondFactorWrongCode, "That code is not right. Enter the 6-digit code your app shows now ({left} tries left).", ("left", left)));
        }
        S.LastStep = step!.Value;
    }

    /// <summary>Counts a wrong code and throws: the refusal given, or after the last try, that the challenge is closed.</summary>
    private async Task Wrong(HotlineException refusal)
    {
        S.WrongCodes++;
        if (S.WrongCodes >= MaxWrongCodes)
        {
            await Close();
            throw new HotlineException(RefusalCodes.SecondFactorTooManyWrong, "Too many wrong codes. For your safety this sign-in has ended: please sign in again with your password.");
        }
        await state.WriteStateAsync();
        throw refusal;
    }

    /// <summary>A challenge is used once: closed on success and after too many wrong codes.</summary>
    private async Task Close()
    {
        S.Challenge = null;
        S.WrongCodes = 0;
        await state.WriteStateAsync();
    }

    /// <summary>The refusal for a challenge that expired, was altered, replaced or closed.</summary>
    public static HotlineException ChallengeEnded() =>
        new(RefusalCodes.SecondFactorChallengeInvalid, "This sign-in has ended or was replaced by a newer one. Please sign in again with your password.");

    private static HotlineException AlreadyEnrolled() =>
        new(RefusalCodes.SecondFactorAlreadyEnrolled, "This account already has an authenticator app. Please sign in again and enter the code it shows.");

    private static HotlineException NotEnrolled() =>
        new(RefusalCodes.SecondFactorNotEnrolled, "This account has no authenticator app yet. Please sign in again to set one up.");
}
