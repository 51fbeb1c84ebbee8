using Hotline.Contracts.Phone;
using Hotline.Contracts.Workers;
using Hotline.Silo.Channels;
using Orleans.Concurrency;

namespace Hotline.Silo.Grains;

/// <summary>
/// Texts and calls from Twilio come in here. The number becomes its HMAC key at once; the worker grain of that key
/// (prefixed by channel, so a caller's texts and calls are separate conversations) takes it from there.
/// </summary>
[StatelessWorker]
public sealed class PhoneLineGrain(PhoneNumbers phoneNumbers) : Grain, IPhoneLineGrain
{
    public Task<TextReceipt> ReceiveText(InboundText text) =>
        GrainFactory.GetGrain<IWorkerGrain>($"sms-{phoneNumbers.KeyOf(text.From)}").ReceiveText(text);

    public Task<CallAnswer> ReceiveCall(InboundCall call) =>
        GrainFactory.GetGrain<IWorkerGrain>($"voice-{phoneNumbers.KeyOf(call.From)}").ReceiveCall(CallConversations.IdOf(call.CallSid), call);
}
