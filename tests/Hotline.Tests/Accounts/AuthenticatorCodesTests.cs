using Hotline.Silo.Accounts;
using OtpNet;

namespace Hotline.Tests.Accounts;

public sealed class AuthenticatorCodesTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 6, 9, 0, 15, TimeSpan.Zero);
    private static readonly long StepNow = Now.ToUnixTimeSeconds() / 30;

    [Fact]
    public void A_code_of_now_or_one_step_either_side_matches_its_step_and_two_steps_off_does_not()
    {
        var secret = AuthenticatorCodes.NewSecret();
        var totp = new Totp(secret);
        foreach (var offset in new[] { -1, 0, 1 })
            Assert.Equal((StepNow + offset, false), AuthenticatorCodes.Match(secret, totp.ComputeTotp(Now.UtcDateTime.AddSeconds(30 * offset)), Now, lastStep: 0));
        foreach (var offset in new[] { -2, 2 })
            Assert.Null(AuthenticatorCodes.Match(secret, totp.ComputeTotp(Now.UtcDateTime.AddSeconds(30 * offset)), Now, lastStep: 0).Step);
    }

    [Fact]
    public void A_code_of_a_step_already_used_or_earlier_is_a_replay()
    {
        var secret = AuthenticatorCodes.NewSecret();
        var code = new Totp(secret).ComputeTotp(Now.UtcDateTime);
        Assert.Equal((null, true), AuthenticatorCodes.Match(secret, code, Now, lastStep: StepNow));
        Assert.Equal((null, true), AuthenticatorCodes.Match(secret, code, Now, lastStep: StepNow + 1));
        Assert.Equal((StepNow, false), AuthenticatorCodes.Match(secret, code, Now, lastStep: StepNow - 1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    public void Anything_but_six_digits_is_wrong_not_a_replay(string code) =>
        Assert.Equal((null, false), AuthenticatorCodes.Match(AuthenticatorCodes.NewSecret(), code, Now, lastStep: 0));

    [Fact]
    public void Recovery_codes_are_ten_different_ones_whose_hash_ignores_case_spaces_and_dashes()
    {
        var codes = RecoveryCodes.New();
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, code => Assert.Matches("^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$", code));
        Assert.Equal(RecoveryCodes.Hash(codes[0]), RecoveryCodes.Hash($" {codes[0].ToUpperInvariant().Replace("-", " ")} "));
        Assert.NotEqual(RecoveryCodes.Hash(codes[0]), RecoveryCodes.Hash(codes[1]));
        Assert.DoesNotContain(codes[0].Replace("-", ""), RecoveryCodes.Hash(codes[0]), StringComparison.OrdinalIgnoreCase);
    }
}
