using System.Reflection;
using Orleans.Runtime;

namespace Hotline.Tests.Grains;

/// <summary>
/// An outgoing call filter, put on the silo and on the test's client alike, that holds one call back until a cue call
/// has been sent: an interleaving that timing alone gives only now and then. Everything else passes through untouched.
/// </summary>
public sealed class CallHold : IOutgoingGrainCallFilter
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _cueSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (Type Grain, string Method)? _held;
    private (Type Grain, string Method, GrainId Target)? _cue;
    private int _holds;

    /// <summary>How many calls were held back (at most one): proof that the interleaving really happened.</summary>
    public int Holds => Volatile.Read(ref _holds);

    /// <summary>
    /// The next call of <typeparamref name="THeld"/>.<paramref name="heldMethod"/> waits until a call of
    /// <typeparamref name="TCue"/>.<paramref name="cueMethod"/> to <paramref name="cueTarget"/> has been sent.
    /// </summary>
    public void HoldUntil<THeld, TCue>(string heldMethod, string cueMethod, GrainId cueTarget)
    {
        lock (_gate)
        {
            _held = (typeof(THeld), heldMethod);
            _cue = (typeof(TCue), cueMethod, cueTarget);
        }
    }

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod is MethodInfo method)
        {
            bool hold;
            lock (_gate)
            {
                if (_cue is { } cue && cue.Grain == method.DeclaringType && cue.Method == method.Name && cue.Target == context.TargetId)
                    _cueSent.TrySetResult();
                hold = _held is { } held && held.Grain == method.DeclaringType && held.Method == method.Name;
                if (hold)
                    _held = null;
            }
            if (hold)
            {
                Interlocked.Increment(ref _holds);
                await _cueSent.Task;
            }
        }
        await context.Invoke();
    }
}
