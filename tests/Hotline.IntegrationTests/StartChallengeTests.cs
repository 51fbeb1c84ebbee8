using Hotline.Web.Abuse;
using Hotline.Web.Auth;
using Microsoft.IdentityModel.Tokens;

namespace Hotline.IntegrationTests;

/// <summary>The server's check of a solved start challenge: signature, address, expiry and difficulty (being spent once is the address grain's, AddressAdmissionTests).</summary>
public sealed class StartChallengeTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 1, 22, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private const string Address = "0123456789abcdef0123456789abcdef";
    private readonly Clock _clock = new();
    private readonly StartChallenges _challenges;

    public StartChallengeTests() => _challenges = Challenges(new byte[64]);

    private StartChallenges Challenges(byte[] signingKey) => new(new AddressKeys(new TokenSigningKey(new SymmetricSecurityKey(signingKey))), _clock);

    private ChallengeProof Solved(string challenge, int difficulty)
    {
        var (c, answer) = ChallengeSolver.Solve(challenge, difficulty);
        return new ChallengeProof(c, answer);
    }

    [Fact]
    public void A_solved_challenge_is_accepted_for_its_address_until_it_expires()
    {
        var proof = Solved(_challenges.Issue(Address, 8, TimeSpan.FromSeconds(120)), 8);

        var solved = _challenges.Verify(proof, Address);
        Assert.NotNull(solved);
        Assert.Equal(proof.Challenge!.Split('.')[0], solved.Nonce);
        Assert.Equal(_clock.Now.AddSeconds(120), solved.ExpiresAt);

        _clock.Now = _clock.Now.AddSeconds(119);
        Assert.NotNull(_challenges.Verify(proof, Address));
        _clock.Now = _clock.Now.AddSeconds(1);
        Assert.Null(_challenges.Verify(proof, Address));
    }

    [Fact]
    public void A_challenge_is_good_only_for_the_address_it_was_issued_to() =>
        Assert.Null(_challenges.Verify(Solved(_challenges.Issue(Address, 8, TimeSpan.FromSeconds(120)), 8), "fedcba9876543210fedcba9876543210"));

    [Fact]
    public void An_answer_that_does_not_reach_the_difficulty_is_refused()
    {
        var challenge = _challenges.Issue(Address, 8, TimeSpan.FromSeconds(120));
        Assert.Null(_challenges.Verify(new ChallengeProof(challenge, ChallengeSolver.Wrong(challenge, 8)), Address));
    }

    [Fact]
    public void A_challenge_made_easier_or_longer_lived_by_the_page_or_signed_with_another_key_is_refused()
    {
        var challenge = _challenges.Issue(Address, 12, TimeSpan.FromSeconds(120));
        var parts = challenge.Split('.');
        var easier = string.Join('.', parts[0], parts[1], "1", parts[3]);
        Assert.Null(_challenges.Verify(Solved(easier, 1), Address));
        var longer = string.Join('.', parts[0], (long.Parse(parts[1]) + 3600).ToString(), parts[2], parts[3]);
        Assert.Null(_challenges.Verify(Solved(longer, 12), Address));
        var forged = Challenges(Enumerable.Repeat((byte)7, 64).ToArray()).Issue(Address, 1, TimeSpan.FromSeconds(120));
        Assert.Null(_challenges.Verify(Solved(forged, 1), Address));
        // The genuine one, solved, still passes: the refusals above are the changes'.
        Assert.NotNull(_challenges.Verify(Solved(challenge, 12), Address));
    }

    [Theory]
    [InlineData(null, "1")]
    [InlineData("not.a.challenge", "1")]
    [InlineData("a.b.c.d", "1")]
    public void A_missing_or_malformed_proof_is_no_proof(string? challenge, string answer) =>
        Assert.Null(_challenges.Verify(new ChallengeProof(challenge, answer), Address));

    [Fact]
    public void An_answer_that_is_not_digits_is_no_proof()
    {
        var challenge = _challenges.Issue(Address, 1, TimeSpan.FromSeconds(120));
        Assert.Null(_challenges.Verify(new ChallengeProof(challenge, "-1"), Address));
        Assert.Null(_challenges.Verify(new ChallengeProof(challenge, null), Address));
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0 }, 0)]
    [InlineData(new byte[] { 0x01, 0xff }, 7)]
    [InlineData(new byte[] { 0x00, 0x10 }, 11)]
    [InlineData(new byte[] { 0x00, 0x00 }, 16)]
    public void Zero_bits_are_counted_from_the_first_byte(byte[] hash, int bits) =>
        Assert.Equal(bits, StartChallenges.LeadingZeroBits(hash));
}
