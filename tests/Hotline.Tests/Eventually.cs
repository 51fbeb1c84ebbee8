namespace Hotline.Tests;

/// <summary>
/// Grains tell each other some facts one-way, so a test asks until the fact shows. The deadline is generous because
/// the test projects share two cores in CI; a broken feature still fails, it just takes the whole deadline to say so.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task<T> Shows<T>(Func<Task<T>> read, Func<T, bool> shows, string what, TimeSpan? within = null)
    {
        var bound = within ?? Deadline;
        using var deadline = new CancellationTokenSource(bound);
        while (true)
        {
            var value = await read();
            if (shows(value))
                return value;
            if (deadline.IsCancellationRequested)
                throw new TimeoutException($"{what} never showed within {bound.TotalSeconds} s. Last seen: {System.Text.Json.JsonSerializer.Serialize(value)}");
            await Task.Delay(20);
        }
    }
}
