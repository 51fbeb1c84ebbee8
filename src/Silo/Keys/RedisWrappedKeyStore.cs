using StackExchange.Redis;

namespace Hotline.Silo.Keys;

/// <summary>The cluster's wrapped data keys: in Redis under a prefix of their own, apart from grain state, each wrapped by a KEK that Redis never sees.</summary>
public sealed class RedisWrappedKeyStore(IConnectionMultiplexer redis, string serviceId) : IWrappedKeyStore
{
    public async Task<byte[]?> Find(string keyId) => (byte[]?)await redis.GetDatabase().StringGetAsync(Key(keyId));

    public async Task<byte[]> AddIfAbsent(string keyId, byte[] wrapped)
    {
        var database = redis.GetDatabase();
        await database.StringSetAsync(Key(keyId), wrapped, when: When.NotExists);
        return (byte[])(await database.StringGetAsync(Key(keyId)))!;
    }

    public Task Delete(string keyId) => redis.GetDatabase().KeyDeleteAsync(Key(keyId));

    private RedisKey Key(string keyId) => $"hotline-data-key/{serviceId}/{keyId}";
}
