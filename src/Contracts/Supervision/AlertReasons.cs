namespace Hotline.Contracts.Supervision;

/// <summary>Why an alert was raised, where the reason is not a screening match: stable codes the pages translate.</summary>
public static class AlertReasons
{
    /// <summary>A worker at R3/R4 used quick exit: the conversation stays open a short while, and may end unseen.</summary>
    public const string LeftInHurry = "left-in-hurry";
}
