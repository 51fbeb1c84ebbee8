using Hotline.Silo.Storage;
using Hotline.StorageProbe;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

// Writes one grain state over and over, printing each committed counter, until it is killed.
// The storage tests SIGKILL it mid-write and check that the last commit is still readable and whole.
if (args is not ["write", var databasePath])
{
    Console.Error.WriteLine("usage: Hotline.StorageProbe write <database path>");
    return 2;
}

var storage = ProbeStorage.Open(databasePath);
var state = new GrainState<ProbeState>(new ProbeState());
await storage.ReadStateAsync(ProbeState.StateName, ProbeState.GrainId, state);
for (var counter = state.State!.Counter + 1; ; counter++)
{
    state.State = ProbeState.For(counter);
    await storage.WriteStateAsync(ProbeState.StateName, ProbeState.GrainId, state);
    Console.Out.WriteLine(counter);
    Console.Out.Flush();
}

namespace Hotline.StorageProbe
{
    [GenerateSerializer]
    public sealed class ProbeState
    {
        public const string StateName = "probe";
        public static readonly GrainId GrainId = GrainId.Create("probe", "crash");

        [Id(0)] public long Counter { get; set; }
        [Id(1)] public string Payload { get; set; } = "";

        /// <summary>~200 KB that depend on the counter, so a torn or mixed write cannot pass for a whole one.</summary>
        public static ProbeState For(long counter) => new() { Counter = counter, Payload = string.Create(200_000, counter, (span, c) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = (char)('a' + (c + i) % 26);
        }) };
    }

    public static class ProbeStorage
    {
        public static SqliteGrainStorage Open(string databasePath)
        {
            var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(ProbeState).Assembly)).BuildServiceProvider();
            return new SqliteGrainStorage(new SqliteDatabase(databasePath),
                new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()));
        }
    }
}
