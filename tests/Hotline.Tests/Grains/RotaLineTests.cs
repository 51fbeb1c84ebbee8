using Hotline.Contracts;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Rota;
using Hotline.Silo.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;

namespace Hotline.Tests.Grains;

/// <summary>
/// A rota per line: its shifts are its own, its coverage is counted against its minimum seats in its hours, a shift
/// goes only to a counsellor of the line or of a line above it, and the network's rota from before is the default line's.
/// </summary>
public sealed class RotaLineTests : HotlineTestCluster
{
    // Hotline time is UTC+8; Tuesday 24 Nov 2026 08:00 UTC is 16:00 there.
    private static readonly DateOnly Monday = new(2026, 11, 23);

    [Fact]
    public async Task A_city_s_shifts_stay_in_its_rota_and_its_closed_hours_are_never_short()
    {
        var luoyang = await CounselorOf("luoyang");
        await Rota("luoyang").Add(new NewShift(luoyang, "Monday", null, "08:00", "12:00"));

        Assert.Single(await Rota("luoyang").Shifts());
        Assert.Empty(await Rota("henan").Shifts());
        var week = await Rota("luoyang").Week(Monday);
        Assert.Equal(2, week.MinimumSeats);
        // Luoyang is open 08:00–22:00: one counsellor from 8 to 12 is short; the night, closed, is not.
        var hours = week.Days[0].Hours;
        Assert.Equal([(false, false, 0), (true, true, 1), (true, true, 0), (false, false, 0)],
            new[] { 7, 8, 12, 22 }.Select(h => (hours[h].Open, hours[h].BelowMinimum, hours[h].OnShift)));
        Assert.True((await Rota("national").Week(Monday)).Days[0].Hours[3].BelowMinimum);
    }

    [Fact]
    public async Task A_shift_goes_to_a_counsellor_of_the_line_or_of_a_line_above_it_only()
    {
        var qingdao = await CounselorOf("qingdao");
        var henan = await CounselorOf("henan");
        var luoyang = await CounselorOf("luoyang");

        var refused = await Assert.ThrowsAsync<HotlineException>(() => Rota("luoyang").Add(new NewShift(qingdao, "Monday", null, "08:00", "12:00")));
        Assert.Equal(RefusalCodes.RotaCounselorOtherLine, refused.Code);
        await Rota("luoyang").Add(new NewShift(henan, "Monday", null, "08:00", "12:00"));
        await Assert.ThrowsAsync<HotlineException>(() => Rota("henan").Add(new NewShift(luoyang, "Monday", null, "08:00", "12:00")));

        Assert.Equal([henan], (await Rota("luoyang").Shifts()).Select(s => s.CounselorId));
    }

    [Fact]
    public async Task The_network_s_rota_stored_before_rotas_per_line_becomes_the_default_line_s()
    {
        var counselor = await CounselorOf("national");
        var shift = new Shift(Guid.NewGuid(), counselor, DayOfWeek.Tuesday, null, 15 * 60, 18 * 60);
        var storage = Cluster.Silos.Single().ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var network = GrainId.Create(GrainType.Create("rota"), GrainIdKeyExtensions.CreateIntegerKey(0));
        await storage.WriteStateAsync("rota", network, new GrainState<RotaState>(new RotaState { Shifts = [shift] }));

        Assert.Equal([shift], await Rota("national").Shifts());
        Assert.Equal([counselor], (await Rota("national").OnShiftNow()).Select(s => s.CounselorId));
        Assert.Empty(await Rota("beijing").Shifts());
        var left = new GrainState<RotaState>();
        await storage.ReadStateAsync("rota", network, left);
        Assert.False(left.RecordExists);
    }

    private IRotaGrain Rota(string line) => Grains.GetGrain<IRotaGrain>(line);

    private async Task<string> CounselorOf(string line)
    {
        var id = $"counselor-{line}-{Guid.NewGuid():N}";
        await Counselor(id).SetProfile(new CounselorProfile($"{line} counsellor", ["emotional"], ["zh"], 1, Lines: [line]));
        return id;
    }
}
