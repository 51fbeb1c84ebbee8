using System.Reflection;
using Orleans.Runtime;

namespace Hotline.Tests.Grains;

/// <summary>
/// A silo call filter that makes one grain call go wrong once, on purpose: a one-way call lost on the way, or a call
/// that fails before it reaches the grain; or every call of a method fail while a grain is down. Everything else passes through untouched, and is counted once it has run.
/// </summary>
public sealed class CallFaults : IIncomingGrainCallFilter
{
    private readonly Lock _gate = new();
    private readonly List<Fault> _armed = [];
    private readonly Dictionary<string, int> _ran = [];
    private int _dropped;
    private int _thrown;

    public int Dropped => Volatile.Read(ref _dropped);

    public int Thrown => Volatile.Read(ref _thrown);

    /// <summary>How many calls of <typeparamref name="TGrain"/>.<paramref name="method"/> the grain has finished: a barrier for one-way calls.</summary>
    public int Ran<TGrain>(string method)
    {
        lock (_gate)
            return _ran.GetValueOrDefault(Key(typeof(TGrain), method));
    }

    /// <summary>The next call of <typeparamref name="TGrain"/>.<paramref name="method"/> is swallowed, as a lost message is.</summary>
    public void DropOnce<TGrain>(string method) => Arm(new Fault(typeof(TGrain), method, null, Throws: false));

    /// <summary>The next call of <typeparamref name="TGrain"/>.<paramref name="method"/> on grain <paramref name="key"/> throws before the grain sees it.</summary>
    public void ThrowOnce<TGrain>(string method, Guid key) => Arm(new Fault(typeof(TGrain), method, key, Throws: true));

    /// <summary>Every call of <typeparamref name="TGrain"/>.<paramref name="method"/> throws until the answer is disposed, as while its silo is down.</summary>
    public IDisposable Down<TGrain>(string method)
    {
        var fault = new Fault(typeof(TGrain), method, null, Throws: true, UntilTold: true);
        Arm(fault);
        return new Lifted(() => { lock (_gate) _armed.Remove(fault); });
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (Take(context) is not { } fault)
        {
            await context.Invoke();
            if (context.InterfaceMethod is MethodInfo { DeclaringType: { } grain } method)
                lock (_gate)
                    _ran[Key(grain, method.Name)] = _ran.GetValueOrDefault(Key(grain, method.Name)) + 1;
            return;
        }
        if (!fault.Throws)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        Interlocked.Increment(ref _thrown);
        throw new InvalidOperationException($"Injected failure of {fault.Method}.");
    }

    private void Arm(Fault fault)
    {
        lock (_gate)
            _armed.Add(fault);
    }

    private Fault? Take(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod is not MethodInfo method)
            return null;
        lock (_gate)
        {
            var fault = _armed.FirstOrDefault(f => f.Grain == method.DeclaringType && f.Method == method.Name
                && (f.Key is null || context.TargetId.GetGuidKey() == f.Key));
            if (fault is { UntilTold: false })
                _armed.Remove(fault);
            return fault;
        }
    }

    private static string Key(Type grain, string method) => $"{grain.FullName}.{method}";

    private sealed record Fault(Type Grain, string Method, Guid? Key, bool Throws, bool UntilTold = false);

    private sealed class Lifted(Action lift) : IDisposable
    {
        public void Dispose() => lift();
    }
}
