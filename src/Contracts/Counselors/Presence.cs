namespace Hotline.Contracts.Counselors;

public enum Presence
{
    Offline,
    Available,
    Away,
}
