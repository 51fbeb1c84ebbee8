using System.Diagnostics;
using System.Text.Json;

namespace Hotline.IntegrationTests.Twilio;

/// <summary>
/// Signs webhooks with Twilio's own helper (<see cref="TwilioOracle"/>), one node process kept running for the
/// fixture's lifetime: the webhooks the tests post are then signed by code we did not write, so a bug shared by
/// the product's signer and its validator cannot let them through.
/// </summary>
public sealed class TwilioSigner : IDisposable
{
    private readonly Process _node = TwilioOracle.Start("--lines");
    private readonly Task<string> _errors;
    // One question, one answer line: requests posted at once take turns.
    private readonly SemaphoreSlim _turn = new(1, 1);

    public TwilioSigner() => _errors = _node.StandardError.ReadToEndAsync();

    public async Task<string> Sign(string token, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var question = TwilioOracle.ToJson(new SignedRequest(token, url, [.. parameters])).ToJsonString();
        await _turn.WaitAsync();
        try
        {
            await _node.StandardInput.WriteLineAsync(question);
            await _node.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var line = await _node.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"twilio-oracle.js stopped answering: {(_node.HasExited ? await _errors : "")}");
            return JsonSerializer.Deserialize<OracleAnswer>(line, JsonSerializerOptions.Web)!.Expected;
        }
        finally
        {
            _turn.Release();
        }
    }

    public void Dispose()
    {
        _node.StandardInput.Close();
        if (!_node.WaitForExit(TimeSpan.FromSeconds(10)))
            _node.Kill();
        _node.Dispose();
        _turn.Dispose();
    }
}
