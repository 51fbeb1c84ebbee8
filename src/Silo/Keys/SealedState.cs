namespace Hotline.Silo.Keys;

/// <summary>A grain state as stored: the id of the data key that sealed it, the nonce, the tag, and the ciphertext. Never the key.</summary>
[GenerateSerializer, Immutable, Alias("hotline.SealedState")]
public sealed record SealedState(
    [property: Id(0)] string KeyId,
    [property: Id(1)] byte[] Nonce,
    [property: Id(2)] byte[] Tag,
    [property: Id(3)] byte[] Ciphertext);
