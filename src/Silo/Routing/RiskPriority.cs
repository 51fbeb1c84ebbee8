using Hotline.Contracts.Conversations;

namespace Hotline.Silo.Routing;

/// <summary>Higher risk is answered first. Not yet screened counts as no known risk.</summary>
public static class RiskPriority
{
    public static int Of(RiskLevel level) => level switch
    {
        RiskLevel.R4 => 4,
        RiskLevel.R3 => 3,
        RiskLevel.R2 => 2,
        RiskLevel.R1 => 1,
        _ => 0,
    };
}
