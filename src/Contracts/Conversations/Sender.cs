using System.Text.Json.Serialization;

namespace Hotline.Contracts.Conversations;

public enum Sender
{
    [JsonStringEnumMemberName("worker")] Worker,
    [JsonStringEnumMemberName("counselor")] Counselor,
    [JsonStringEnumMemberName("system")] System,
    [JsonStringEnumMemberName("supervisor")] Supervisor,
}
