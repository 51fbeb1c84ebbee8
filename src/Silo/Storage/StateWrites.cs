namespace Hotline.Silo.Storage;

public static class StateWrites
{
    /// <summary>
    /// Persists before the caller hears of the change. If the write fails, the grain drops its activation so that the
    /// next call reloads what is really stored, rather than going on from a state storage never took.
    /// </summary>
    public static async Task WriteOrReload<T>(this IPersistentState<T> state, Grain grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
