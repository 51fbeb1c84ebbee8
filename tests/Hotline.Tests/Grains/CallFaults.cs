using System.Reflection;
using Orleans.Runtime;

namespace Hotline.Tests.Grains;

/// <summary>
/// A silo call filter that makes one grain call go wrong once, on purpose: a one-way call lost on the way, or a call
/// that fails before it reaches the grain. Everything else passes through untouched.
/// </summary>
public sealed class CallFaults : IIncomingGrainCallFilter
{
    private readonly Lock _gate = new();
    private readonly List<Fault> _armed = [];
    private int _dropped;
    private int _thrown;

    public int Dropped => Volatile.Read(ref _dropped);

    public int Thrown => Volatile.Read(ref _thrown);

    /// <summary>The next call of <typeparamref name="TGrain"/>.<paramref name="method"/> is swallowed, as a lost message is.</summary>
    public void DropOnce<TGrain>(string method) => Arm(new Fault(typeof(TGrain), method, null, Throws: false));

    /// <summary>The next call of <typeparamref name="TGrain"/>.<paramref name="method"/> on grain <paramref name="key"/> throws before the grain sees it.</summary>
    public void ThrowOnce<TGrain>(string method, Guid key) => Arm(new Fault(typeof(TGrain), method, key, Throws: true));

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (Take(context) is not { } fault)
            return context.Invoke();
        if (!fault.Throws)
        {
            Interlocked.Increment(ref _dropped);
            return Task.CompletedTask;
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
            if (fault is not null)
                _armed.Remove(fault);
            return fault;
        }
    }

    private sealed record Fault(Type Grain, string Method, Guid? Key, bool Throws);
}
