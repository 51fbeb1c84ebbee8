using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// A page's hub WebSocket passed through the test one SignalR message at a time (JSON protocol, each message ended
/// by 0x1E), so that a test can drop, repeat, hold or answer a message as a faulty network or server would. The
/// real server is behind it; what the rules return is what goes on, in that order (none: dropped; two: repeated).
/// </summary>
public sealed class HubWire
{
    private const char RecordSeparator = '\u001e';
    private readonly object _lock = new();
    private IWebSocketRoute? _page;

    private HubWire()
    {
    }

    /// <summary>What reaches the page of each message the server sends.</summary>
    public Func<JsonObject, IReadOnlyList<JsonObject>> ToPage { get; set; } = message => [message];

    /// <summary>What reaches the server of each message the page sends.</summary>
    public Func<JsonObject, IReadOnlyList<JsonObject>> ToServer { get; set; } = message => [message];

    public static async Task<HubWire> Route(IPage page, string hubPath)
    {
        var wire = new HubWire();
        await page.RouteWebSocketAsync($"**{hubPath}**", socket =>
        {
            var server = socket.ConnectToServer();
            lock (wire._lock)
                wire._page = socket;
            socket.OnMessage(frame => wire.Pass(frame.Text, wire.ToServer, server.Send));
            server.OnMessage(frame => wire.Pass(frame.Text, wire.ToPage, socket.Send));
        });
        return wire;
    }

    /// <summary>
    /// Every invocation of <paramref name="target"/> the page sends, as it goes on the wire, passed on unchanged; lock
    /// the list to read it.
    /// </summary>
    public List<JsonObject> Record(string target)
    {
        var sent = new List<JsonObject>();
        ToServer = message =>
        {
            if (InvocationOf(message, target) is not null)
                lock (sent)
                    sent.Add(message);
            return [message];
        };
        return sent;
    }

    /// <summary>Sends the page a message as if the server had (a held one, or an answer of the test's own).</summary>
    public void SendToPage(JsonObject message)
    {
        lock (_lock)
            _page!.Send(message.ToJsonString() + RecordSeparator);
    }

    /// <summary>An invocation of <paramref name="target"/> the page sent (type 1), else null.</summary>
    public static string? InvocationOf(JsonObject message, string target) =>
        (int?)message["type"] == 1 && (string?)message["target"] == target ? (string?)message["invocationId"] : null;

    /// <summary>The server's answer to invocation <paramref name="invocationId"/> (type 3).</summary>
    public static bool IsCompletionOf(JsonObject message, string invocationId) =>
        (int?)message["type"] == 3 && (string?)message["invocationId"] == invocationId;

    /// <summary>A MessageReceived event (type 1, target MessageReceived): its message, else null.</summary>
    public static JsonObject? ChatMessageIn(JsonObject message) =>
        (int?)message["type"] == 1 && (string?)message["target"] == "MessageReceived" ? message["arguments"]?[0]?.AsObject() : null;

    // Under the lock throughout: a message the test sends itself (SendToPage) never overtakes one a rule let through.
    private void Pass(string? text, Func<JsonObject, IReadOnlyList<JsonObject>> rule, Action<string> send)
    {
        lock (_lock)
        {
            var passed = new List<string>();
            foreach (var record in (text ?? "").Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                // The handshake and its answer carry no "type"; they go as they are.
                var message = JsonNode.Parse(record) as JsonObject;
                passed.AddRange(message?["type"] is null ? [record] : rule(message).Select(m => m.ToJsonString()));
            }
            if (passed.Count > 0)
                send(string.Concat(passed.Select(record => record + RecordSeparator)));
        }
    }
}
