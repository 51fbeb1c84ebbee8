using Hotline.Web.Twilio;

namespace Hotline.IntegrationTests.Twilio;

/// <summary>
/// TwilioSignature against Twilio's published example and, for everything else, against Twilio's own helper
/// library (see <see cref="TwilioOracle"/>).
/// </summary>
public sealed class TwilioSignatureTests
{
    private const string KnownToken = "12345";
    private const string KnownUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string KnownSignature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

    private static readonly KeyValuePair<string, string>[] KnownParameters =
    [
        new("CallSid", "CA1234567890ABCDE"),
        new("Caller", "+12349013030"),
        new("Digits", "1234"),
        new("From", "+12349013030"),
        new("To", "+18005551212"),
    ];

    [Fact]
    public void The_published_example_gives_the_published_signature()
    {
        Assert.Equal(KnownSignature, TwilioSignature.Compute(KnownToken, KnownUrl, KnownParameters));
        Assert.True(TwilioSignature.IsValid(KnownToken, KnownUrl, KnownParameters, KnownSignature));
        // Parameter order on the wire does not matter: names are sorted before signing.
        Assert.True(TwilioSignature.IsValid(KnownToken, KnownUrl, KnownParameters.Reverse(), KnownSignature));
    }

    [Fact]
    public void Compute_and_IsValid_agree_with_the_helper_on_generated_requests()
    {
        var requests = GeneratedRequests();
        var answers = TwilioOracle.Ask(requests);

        var disagreements = new List<string>();
        for (var i = 0; i < requests.Count; i++)
        {
            var (request, expected) = (requests[i], answers[i].Expected);
            var ours = TwilioSignature.Compute(request.Token, request.Url, request.Parameters);
            if (ours != expected || !TwilioSignature.IsValid(request.Token, request.Url, request.Parameters, expected))
                disagreements.Add($"#{i} {request.Url} [{string.Join(", ", request.Parameters)}]: helper {expected}, ours {ours}");
        }
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    [Fact]
    public void A_repeated_value_under_one_name_counts_once_as_in_the_helper()
    {
        var once = Request([new("Tag", "b"), new("Tag", "a")]);
        var twice = once with { Parameters = [new("Tag", "a"), new("Tag", "b"), new("Tag", "a")] };
        var signature = TwilioOracle.Sign(once);

        Assert.True(TwilioOracle.Validates(twice with { Signature = signature }));
        Assert.True(TwilioSignature.IsValid(twice.Token, twice.Url, twice.Parameters, signature));
    }

    private static readonly Dictionary<string, Func<SignedRequest, SignedRequest>> Mutations = new()
    {
        ["a character of the path"] = r => r with { Url = r.Url.Replace("/twilio/sms", "/twilio/smt") },
        ["a query string value"] = r => r with { Url = r.Url.Replace("lang=zh", "lang=en") },
        ["the query string removed"] = r => r with { Url = r.Url[..r.Url.IndexOf('?')] },
        ["a query string parameter added"] = r => r with { Url = r.Url + "&x=1" },
        ["the scheme"] = r => r with { Url = r.Url.Replace("https://", "http://") },
        ["the host"] = r => r with { Url = r.Url.Replace("hotline.example.org", "hotline.example.net") },
        ["the value of Body"] = r => Replace(r, "Body", "你好，我需要帮助!"),
        ["the value of From"] = r => Replace(r, "From", "+12349013031"),
        ["the value of To, emptied"] = r => Replace(r, "To", ""),
        ["the empty value of Note"] = r => Replace(r, "Note", " "),
        ["one value of the repeated Tag"] = r => r with { Parameters = [.. r.Parameters.Where(p => p.Value != "urgent"), new("Tag", "urgenT")] },
        ["one value of the repeated Tag removed"] = r => r with { Parameters = [.. r.Parameters.Where(p => p.Value != "urgent")] },
        ["a parameter added"] = r => r with { Parameters = [.. r.Parameters, new("Extra", "")] },
        ["a parameter removed"] = r => r with { Parameters = [.. r.Parameters.Where(p => p.Key != "From")] },
        ["the case of a name"] = r => r with { Parameters = [.. r.Parameters.Select(p => p.Key == "Body" ? new("body", p.Value) : p)] },
        ["the token"] = r => r with { Token = r.Token[..^1] + "0" },
    };

    public static TheoryData<string> MutationNames => new(Mutations.Keys);

    [Theory]
    [MemberData(nameof(MutationNames))]
    public void A_changed_request_is_refused_by_us_and_by_the_helper(string mutation)
    {
        var original = Request(
        [
            new("Body", "你好，我需要帮助"),
            new("From", "+12349013030"),
            new("To", "+18005551212"),
            new("Note", ""),
            new("Tag", "urgent"),
            new("Tag", "first contact"),
        ], "https://hotline.example.org/twilio/sms?lang=zh&ref=a+b%20c");
        var signature = TwilioOracle.Sign(original);
        var changed = Mutations[mutation](original) with { Signature = signature };
        Assert.False(
            changed.Token == original.Token && changed.Url == original.Url && changed.Parameters.SequenceEqual(original.Parameters),
            "the mutation changes the request");

        var answers = TwilioOracle.Ask([original with { Signature = signature }, changed]);
        Assert.True(answers[0].Valid, "the helper accepts the unchanged request");
        Assert.True(TwilioSignature.IsValid(original.Token, original.Url, original.Parameters, signature));
        Assert.False(answers[1].Valid, "the helper refuses the changed request");
        Assert.False(TwilioSignature.IsValid(changed.Token, changed.Url, changed.Parameters, signature));
    }

    [Theory]
    [InlineData("https://hotline.example.org/twilio/voice", "https://hotline.example.org:443/twilio/voice")]
    [InlineData("https://hotline.example.org:443/twilio/voice", "https://hotline.example.org/twilio/voice")]
    [InlineData("http://hotline.example.org/twilio/voice?lang=zh", "http://hotline.example.org:80/twilio/voice?lang=zh")]
    [InlineData("http://hotline.example.org:80/twilio/voice?lang=zh", "http://hotline.example.org/twilio/voice?lang=zh")]
    [InlineData("HTTPS://hotline.example.org?lang=zh", "HTTPS://hotline.example.org:443?lang=zh")]
    [InlineData("https://user:secret@hotline.example.org/twilio/voice", "https://user:secret@hotline.example.org:443/twilio/voice")]
    [InlineData("https://[::1]:443/twilio/voice", "https://[::1]/twilio/voice")]
    public void The_default_port_may_be_added_or_removed(string signedUrl, string receivedUrl)
    {
        var signed = Request(KnownParameters, signedUrl);
        var received = signed with { Url = receivedUrl, Signature = TwilioOracle.Sign(signed) };

        Assert.True(TwilioOracle.Validates(received), "the helper accepts it");
        Assert.True(TwilioSignature.IsValid(received.Token, received.Url, received.Parameters, received.Signature));
    }

    /// <summary>
    /// Here we are stricter than the helper, which also tries the URL with any port removed: another port is another
    /// endpoint, and Twilio signs the URL it was configured with.
    /// </summary>
    [Theory]
    [InlineData("https://hotline.example.org/twilio/voice", "https://hotline.example.org:8443/twilio/voice")]
    [InlineData("https://hotline.example.org:8443/twilio/voice", "https://hotline.example.org/twilio/voice")]
    [InlineData("https://hotline.example.org/twilio/voice", "https://hotline.example.org:80/twilio/voice")]
    [InlineData("http://hotline.example.org/twilio/voice", "http://hotline.example.org:443/twilio/voice")]
    public void Another_port_is_refused(string signedUrl, string receivedUrl)
    {
        var signature = TwilioSignature.Compute(KnownToken, signedUrl, KnownParameters);
        Assert.False(TwilioSignature.IsValid(KnownToken, receivedUrl, KnownParameters, signature));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("not base64 at all!")]
    [InlineData("====")]
    [InlineData("\0")]
    [InlineData("你好")]
    [InlineData("0/KCTR6DLpKmkAf8muzZqo1nDgQ")]
    [InlineData("0/KCTR6DLpKmkAf8muzZqo1nDgQ==")]
    [InlineData(" 0/KCTR6DLpKmkAf8muzZqo1nDgQ=")]
    [InlineData("0/kctr6dlpkmkaf8muzzqo1ndgq=")]
    public void A_missing_or_garbage_signature_is_refused(string? signature) =>
        Assert.False(TwilioSignature.IsValid(KnownToken, KnownUrl, KnownParameters, signature));

    [Fact]
    public void A_long_signature_is_refused() =>
        Assert.False(TwilioSignature.IsValid(KnownToken, KnownUrl, KnownParameters, new string('A', 100_000)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_missing_token_validates_nothing(string? token)
    {
        var signedWithEmptyKey = TwilioSignature.Compute("", KnownUrl, KnownParameters);
        Assert.False(TwilioSignature.IsValid(token!, KnownUrl, KnownParameters, signedWithEmptyKey));
    }

    private static SignedRequest Request(IReadOnlyList<KeyValuePair<string, string>> parameters, string url = KnownUrl) =>
        new("f0e1d2c3b4a5968778695a4b3c2d1e0f", url, parameters);

    private static SignedRequest Replace(SignedRequest request, string name, string value) =>
        request with { Parameters = [.. request.Parameters.Select(p => p.Key == name ? new(name, value) : p)] };

    /// <summary>
    /// Requests from a fixed seed, drawn so that ordinal and cultural sorting differ (case, digits, CJK, characters
    /// beyond the BMP) and names repeat with unsorted and duplicated values.
    /// </summary>
    private static List<SignedRequest> GeneratedRequests()
    {
        string[] urls =
        [
            KnownUrl,
            "https://hotline.example.org/twilio/voice",
            "https://hotline.example.org:443/twilio/voice",
            "https://hotline.example.org:8443/twilio/voice?lang=zh&q=%E4%BD%A0%E5%A5%BD",
            "http://127.0.0.1:5080/twilio/sms?",
            "http://hotline.example.org:80/twilio/sms?name=O'Brien&note=a+b%20c",
            "https://hotline.example.org/热线/短信?问=你好 吗",
            "https://user:secret@hotline.example.org/twilio/status?",
            "https://[::1]:443/twilio/voice#fragment",
        ];
        string[] names = ["Body", "body", "From", "To", "CallSid", "MediaUrl0", "MediaUrl10", "10", "9", "B", "a", "名字", "Ünïcode", "Z_z", "😀"];
        string[] values =
        [
            "", " ", "+12349013030", "hello world", "a+b", "a b", "%20", "&=?#", "你好，我需要帮助", "我想 找人 聊聊",
            "😀 emoji", "ｱ", "\uFFFD", "line\nbreak", "Ünïcode", "ü", "Z", "z", "0", "10", "9",
        ];
        string[] tokens = ["12345", "f0e1d2c3b4a5968778695a4b3c2d1e0f", "tøken with ünïcode"];

        var random = new Random(20_240_611);
        var requests = new List<SignedRequest>
        {
            new(KnownToken, KnownUrl, KnownParameters),
            new(KnownToken, KnownUrl, []),
        };
        for (var i = 0; i < 60; i++)
        {
            var parameters = new List<KeyValuePair<string, string>>();
            foreach (var name in random.GetItems(names, random.Next(0, 7)).Distinct())
            {
                // About a third of the names repeat, with 2 to 4 values that may themselves repeat.
                var count = random.Next(3) == 0 ? random.Next(2, 5) : 1;
                parameters.AddRange(random.GetItems(values, count).Select(v => new KeyValuePair<string, string>(name, v)));
            }
            requests.Add(new(tokens[random.Next(tokens.Length)], urls[random.Next(urls.Length)], parameters));
        }
        return requests;
    }
}
