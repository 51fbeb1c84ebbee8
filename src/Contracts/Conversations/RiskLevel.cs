namespace Hotline.Contracts.Conversations;

/// <summary>The risk scale of PRODUCT.md. It drives the workflow; it is not a prediction.</summary>
public enum RiskLevel
{
    Unassessed,
    LeftBeforeScreening,
    R0,
    R1,
    R2,
    R3,
    R4,
}
