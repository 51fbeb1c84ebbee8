using Hotline.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Hotline.Tests;

public sealed class RefusalTests
{
    [Fact]
    public void The_sentence_is_filled_from_the_params_and_a_value_is_not_read_as_a_hole()
    {
        var refusal = new HotlineException(RefusalCodes.MessageTooLong, Refusal.Invalid, "{length} of {max}; {missing} stays.", ("length", 4001), ("max", "{length}"));

        Assert.Equal("4001 of {length}; {missing} stays.", refusal.Message);
        Assert.Equal(RefusalCodes.MessageTooLong, refusal.Code);
        Assert.Equal(new Dictionary<string, string> { ["length"] = "4001", ["max"] = "{length}" }, refusal.Parameters);
    }

    [Fact]
    public void Code_params_and_kind_survive_the_trip_between_silos()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var sent = new HotlineException(RefusalCodes.AccountUnknown, Refusal.NotFound, "There is no account '{userName}'.", ("userName", "li.na"));

        var received = Assert.IsType<HotlineException>(serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(sent)));

        Assert.Equal(("There is no account 'li.na'.", RefusalCodes.AccountUnknown, Refusal.NotFound), (received.Message, received.Code, received.Refusal));
        Assert.Equal(sent.Parameters, received.Parameters);
    }
}
