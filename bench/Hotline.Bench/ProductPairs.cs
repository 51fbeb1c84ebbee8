namespace Hotline.Bench;

/// <summary>B3's clients: workers in conversations that counsellors have taken; the worker sends, the counsellor receives.</summary>
public sealed class ProductPairs(IReadOnlyList<WorkerTab> workers) : IMessagePath
{
    public string Name => BenchResult.B3;

    public int Pairs => workers.Count;

    public Task Send(int pair, string text) => workers[pair].Send(text);
}
