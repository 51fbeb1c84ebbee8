using Hotline.Contracts.Queues;
using Orleans.Concurrency;

namespace Hotline.Contracts.Lines;

/// <summary>
/// The on-duty seats of one line's counsellors, keyed by line id, for the queues of the lines under it that need
/// backup. Counsellors announce themselves to it beside their own queues; a queue with a conversation waiting at this
/// line's level watches it and is pushed the seats whenever they change, and at once when it starts watching. Every
/// call is one-way: the roster calls queues back, and queues call it.
/// </summary>
public interface ILineRosterGrain : IGrainWithStringKey
{
    [OneWay] Task CounselorOnDuty(CounselorSeat seat);

    [OneWay] Task CounselorOffDuty(string counselorId);

    /// <summary>A descendant line's queue needs this line's seats: they are pushed to it now and at every change. Idempotent.</summary>
    [OneWay] Task Watch(string queueName);

    [OneWay] Task Unwatch(string queueName);
}
