using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hotline.IntegrationTests.Twilio;

/// <summary>A request as Twilio would sign it; <see cref="Signature"/> is the header to check, if any.</summary>
public sealed record SignedRequest(string Token, string Url, IReadOnlyList<KeyValuePair<string, string>> Parameters, string? Signature = null);

public sealed record OracleAnswer(string Expected, bool? Valid);

/// <summary>
/// Twilio's official helper (npm <c>twilio</c>, pinned in tools/package.json) run by twilio-oracle.js: an
/// implementation we did not write to check ours against. Missing node or twilio fails the test, never skips it.
/// </summary>
public static class TwilioOracle
{
    public static IReadOnlyList<OracleAnswer> Ask(IReadOnlyList<SignedRequest> requests)
    {
        using var node = Start();
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        node.StandardInput.Write(ToJson(requests));
        node.StandardInput.Close();
        if (!node.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            node.Kill();
            throw new TimeoutException("twilio-oracle.js did not answer within 60 s.");
        }
        if (node.ExitCode != 0)
            throw new InvalidOperationException($"twilio-oracle.js exited with {node.ExitCode}: {errors.Result}");
        var answers = JsonSerializer.Deserialize<OracleAnswer[]>(output.Result, JsonSerializerOptions.Web)!;
        Assert.Equal(requests.Count, answers.Length);
        return answers;
    }

    /// <summary>twilio-oracle.js under node, its stdin and stdout UTF-8 and redirected.</summary>
    internal static Process Start(params string[] options)
    {
        var root = RepoRoot();
        if (!Directory.Exists(Path.Combine(root, "tools", "node_modules", "twilio")))
            throw new InvalidOperationException(
                $"The npm package twilio is missing from {Path.Combine(root, "tools", "node_modules")}: run scripts/test.sh, or cd tools && npm ci.");

        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Twilio", "twilio-oracle.js"), root },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var option in options)
            start.ArgumentList.Add(option);
        try
        {
            return Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"node is needed to run Twilio's helper as the signature oracle, and it could not start: {e.Message}");
        }
    }

    public static string Sign(SignedRequest request) => Ask([request])[0].Expected;

    public static bool Validates(SignedRequest request) =>
        Ask([request])[0].Valid ?? throw new ArgumentException("The request has no signature to validate.", nameof(request));

    /// <summary>A repeated name becomes an array, the form in which the helper takes several values.</summary>
    private static string ToJson(IReadOnlyList<SignedRequest> requests)
    {
        var array = new JsonArray();
        foreach (var request in requests)
            array.Add(ToJson(request));
        return array.ToJsonString();
    }

    internal static JsonObject ToJson(SignedRequest request)
    {
        var parameters = new JsonObject();
        foreach (var name in request.Parameters.GroupBy(p => p.Key, StringComparer.Ordinal))
            parameters[name.Key] = name.Count() == 1
                ? JsonValue.Create(name.Single().Value)
                : new JsonArray([.. name.Select(p => (JsonNode?)JsonValue.Create(p.Value))]);
        var item = new JsonObject { ["token"] = request.Token, ["url"] = request.Url, ["params"] = parameters };
        if (request.Signature is not null)
            item["signature"] = request.Signature;
        return item;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hotline.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Hotline.sln not found above " + AppContext.BaseDirectory);
    }
}
