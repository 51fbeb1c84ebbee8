using System.Text.Json.Serialization;

namespace Hotline.Contracts.Conversations;

public enum Channel
{
    [JsonStringEnumMemberName("web")] Web,
    [JsonStringEnumMemberName("sms")] Sms,
    [JsonStringEnumMemberName("voice")] Voice,
}
