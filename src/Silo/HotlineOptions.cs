namespace Hotline.Silo;

/// <summary>Limits on what participants may send (section Hotline:Chat).</summary>
public sealed class ChatOptions
{
    public const string Section = "Hotline:Chat";

    /// <summary>Kept well below SignalR's 32 KB frame limit, so an over-long message gets a clear error instead of a dropped connection.</summary>
    public int MaxMessageLength { get; set; } = 4000;

    public int MaxNotesLength { get; set; } = 4000;

    /// <summary>
    /// After a worker's quick exit, how long the conversation stays open for them to come back on that device; then it
    /// ends as a worker disconnect.
    /// </summary>
    public int QuickExitResumeSeconds { get; set; } = 180;
}

/// <summary>How offers are made (section Hotline:Routing).</summary>
public sealed class RoutingOptions
{
    public const string Section = "Hotline:Routing";

    public int OfferTimeoutSeconds { get; set; } = 30;

    /// <summary>After this long waiting, a conversation is also offered outside its topic, and the worker is told the alternatives.</summary>
    public int OverflowSeconds { get; set; } = 120;

    /// <summary>How long a counsellor or a waiting worker may be without a connection before they count as gone.</summary>
    public int DisconnectGraceSeconds { get; set; } = 10;

    /// <summary>
    /// A connection its web node has not renewed for this long counts as gone (its node died). Web nodes renew every
    /// third of it, so every host must have the same value.
    /// </summary>
    public int ConnectionLeaseSeconds { get; set; } = 45;

    /// <summary>Offers a counsellor may let expire in a row before they are set Away.</summary>
    public int MissedOffersBeforeAway { get; set; } = 2;

    /// <summary>A queue this long refuses new conversations politely, with the alternatives.</summary>
    public int MaxWaiting { get; set; } = 200;

    /// <summary>The assumed handle time until the queue has measured some.</summary>
    public int DefaultHandleSeconds { get; set; } = 900;

    /// <summary>
    /// A counsellor who goes off duty still counts in the wait estimates (and as on duty) for this long, so that a
    /// moment Away does not make every estimate jump, nor tell waiting workers that nobody is there.
    /// </summary>
    public int PresenceSteadySeconds { get; set; } = 120;
}

/// <summary>SMS and voice through Twilio (section Hotline:Twilio). Without an auth token the phone channels are off.</summary>
public sealed class TwilioOptions
{
    public const string Section = "Hotline:Twilio";

    public string? AccountSid { get; set; }

    /// <summary>Signs Twilio's webhooks and authenticates our calls to its REST API. A secret: from configuration only.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The hotline's number: texts to workers are sent from it.</summary>
    public string? PhoneNumber { get; set; }

    /// <summary>Where Twilio's REST API is; tests point it at a fake on loopback.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary>Record calls once answered; callers are told so in the greeting.</summary>
    public bool RecordCalls { get; set; }

    /// <summary>Played to callers on hold; without it they hear a short message between pauses.</summary>
    public string? HoldMusicUrl { get; set; }

    /// <summary>Base64, at least 32 bytes: keys the HMAC that stands for a phone number, and seals the number for texting back. Embedded: generated.</summary>
    public string? NumberKey { get; set; }

    /// <summary>The public address Twilio was told to call (Hotline:PublicBaseUrl), e.g. https://hotline.example.org.</summary>
    public string? PublicBaseUrl { get; set; }
}

/// <summary>Supervision (section Hotline:Supervision).</summary>
public sealed class SupervisionOptions
{
    public const string Section = "Hotline:Supervision";

    /// <summary>An R3/R4 alert not acknowledged this long is re-raised as urgent, and again each time this passes.</summary>
    public int AlertAckSeconds { get; set; } = 60;

    /// <summary>The service level counts conversations answered within this many seconds.</summary>
    public int ServiceLevelSeconds { get; set; } = 60;

    /// <summary>The share to answer within <see cref="ServiceLevelSeconds"/>; the staffing suggestion aims for it.</summary>
    public double ServiceLevelGoal { get; set; } = 0.8;

    /// <summary>Where "today" begins: the hotline's offset from UTC (China: +8).</summary>
    public double UtcOffsetHours { get; set; } = 8;

    /// <summary>How long a block keeps a worker from starting chats.</summary>
    public int BlockDays { get; set; } = 30;
}

/// <summary>Archive encryption and storage (section Hotline:Archive). Keys are base64, 32 bytes; the active one seals new records.</summary>
public sealed class ArchiveOptions
{
    public const string Section = "Hotline:Archive";

    public string ActiveKeyId { get; set; } = "k1";

    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>The cluster profile's Azure Blob Storage account (required there).</summary>
    public string? BlobConnectionString { get; set; }

    public string Container { get; set; } = "hotline-archive";
}

/// <summary>Retention (section Hotline:Retention).</summary>
public sealed class RetentionOptions
{
    public const string Section = "Hotline:Retention";

    /// <summary>Records are kept this long after they close (the national guide asks for at least 3 years).</summary>
    public int Days { get; set; } = 1095;

    /// <summary>
    /// A done follow-up task is kept this long, then dropped: nothing reads done tasks, but a second "done" within
    /// this time is told it was already done rather than that there is no such task.
    /// </summary>
    public int CompletedFollowUpDays { get; set; } = 30;

    /// <summary>
    /// The newest conversations a worker's key (a resume token, or a phone number's HMAC) remembers. Routing needs only
    /// the latest; the case history shows the counsellor the others.
    /// </summary>
    public int ConversationsPerWorker { get; set; } = 50;
}
