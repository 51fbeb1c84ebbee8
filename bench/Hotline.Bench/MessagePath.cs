namespace Hotline.Bench;

/// <summary>A way for a message to go from one side of a pair to the other: a relay (B1, B2) or the product (B3).</summary>
public interface IMessagePath
{
    string Name { get; }

    int Pairs { get; }

    /// <summary>Sends from side A of the pair; the task completes when the server acknowledges the message.</summary>
    Task Send(int pair, string text);
}
