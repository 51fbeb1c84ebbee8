using Hotline.Contracts;
using Hotline.Contracts.Workers;

namespace Hotline.Web.Abuse;

/// <summary>
/// Whether a new web chat may start from the caller's address: asks the address's grain, which counts cluster-wide,
/// and turns its answer into a refusal that says what to do (solve the challenge, wait, or call for help now).
/// </summary>
public sealed class ChatAdmission(IGrainFactory grains, AddressKeys keys, StartChallenges challenges, RateLimitOptions limits)
{
    private AddressLimits Limits => new(limits.StartChatPerMinutePerAddress, limits.ChallengeAbovePerMinutePerAddress, limits.WaitingChatsPerAddress);

    public async Task Admit(HttpContext? http, Guid conversationId, ChallengeProof? proof)
    {
        var address = keys.HashOf(http);
        var answer = await grains.GetGrain<IClientAddressGrain>(address).Admit(conversationId, Limits, challenges.Verify(proof, address));
        switch (answer)
        {
            case Admission.Admitted:
                return;
            case Admission.ChallengeNeeded:
                var challenge = challenges.Issue(address, limits.ChallengeDifficultyBits, TimeSpan.FromSeconds(limits.ChallengeSeconds));
                throw new HotlineException(RefusalCodes.ChatChallenge,
                    "Many chats are starting from your network just now, so your page first does a short check that it is a person's page. It starts your chat by itself in a moment. If you are in danger, call 110, 120 or 12356 now.",
                    ("challenge", challenge), ("difficulty", limits.ChallengeDifficultyBits));
            case Admission.TooManyWaiting:
                throw new HotlineException(RefusalCodes.ChatTooManyWaiting,
                    "Many chats from your network are already waiting for a counsellor. Please wait a few minutes and try again. If you are in danger, call 110, 120 or 12356 now.");
            default:
                throw new HotlineException(RefusalCodes.TooManyChats,
                    "Too many chats have been started from here just now. Please wait a minute and try again; if you are in danger, call 110, 120 or 12356.");
        }
    }

    public Task Release(HttpContext? http, Guid conversationId) =>
        grains.GetGrain<IClientAddressGrain>(keys.HashOf(http)).Release(conversationId);
}
