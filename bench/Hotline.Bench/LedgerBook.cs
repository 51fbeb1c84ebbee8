using System.Collections.Concurrent;

namespace Hotline.Bench;

/// <summary>Every step's ledger, so that a receiver can book an arriving text to the step that sent it.</summary>
public sealed class LedgerBook
{
    private readonly ConcurrentDictionary<int, Ledger> _ledgers = new();
    private int _lastStep;

    public Ledger Open(int capacity)
    {
        var ledger = new Ledger(Interlocked.Increment(ref _lastStep), capacity);
        _ledgers[ledger.Step] = ledger;
        return ledger;
    }

    public void Arrived(string text)
    {
        if (Ledger.TryParse(text, out var step, out var id) && _ledgers.TryGetValue(step, out var ledger))
            ledger.Arrived(id);
    }

    public IEnumerable<Ledger> All => _ledgers.Values;
}
