using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Records;

namespace Hotline.Silo.Grains;

/// <summary>
/// Retention's side of a conversation. An archived one goes when its record goes (<see cref="Forget"/>); one never
/// archived is reached through <see cref="IOpenConversationsGrain"/> and goes by its last sign of life
/// (<see cref="Expire"/>): a live conversation is only ever ended, never deleted.
/// </summary>
public sealed partial class ConversationGrain
{
    private IOpenConversationsGrain OpenConversations => GrainFactory.GetGrain<IOpenConversationsGrain>(0);

    /// <summary>Retention: the record is past its time and already deleted from the archive (or was never written); so goes the live copy.</summary>
    public async Task Forget()
    {
        if (state.RecordExists && S.Status is ConversationStatus.Closed or ConversationStatus.Abandoned or ConversationStatus.WrapUp)
        {
            // A wrap-up never written is owed no longer.
            if (S.Status == ConversationStatus.WrapUp && S.CounselorId is { } counselorId)
                await GrainFactory.GetGrain<ICounselorGrain>(counselorId).WrapUpSubmitted(Id);
            if (S.Channel == Channel.Sms)
                await Relay.Forget();
            await Messages.Clear(S);
            await state.ClearStateAsync();
        }
        DeactivateOnIdle();
    }

    public async Task<OpenConversationExpiry> Expire(DateTimeOffset cutoff)
    {
        if (!state.RecordExists || S.Status is ConversationStatus.Closed or ConversationStatus.Abandoned)
            return OpenConversationExpiry.NotOpen;
        if (await LastSignOfLife() >= cutoff)
            return OpenConversationExpiry.Kept;
        if (S.Status == ConversationStatus.WrapUp)
            // Ended before the retention time and its wrap-up never written: as old as a record retention deletes.
            return OpenConversationExpiry.Due;
        // Nobody has written in it or ended it for the whole retention time, yet it is open: it ends as when the worker
        // leaves (the queue, the offer and the counsellor's seat are freed). Waiting, it is archived now; answered, it
        // is in wrap-up from now, and goes by the rule above.
        await EndForWorker(EndReasons.Expired);
        return OpenConversationExpiry.Ended;
    }

    /// <summary>
    /// The newest moment a person did something in it: its start, answer, end, or the last message of a worker or a
    /// counsellor among the newest shown. The line's own notes (a long wait's, a referral's) are no sign anyone is there.
    /// </summary>
    private async Task<DateTimeOffset> LastSignOfLife()
    {
        var newest = (await Messages.Newest(S, ConversationView.MaxMessages)).LastOrDefault(m => m.Sender != Sender.System)?.SentAt;
        return new[] { S.CreatedAt, S.AnsweredAt, S.EndedAt, newest }.Max() ?? S.CreatedAt;
    }

}
