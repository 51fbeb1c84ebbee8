using System.Text;
using Hotline.Silo.Records;

namespace Hotline.Silo.Accounts;

/// <summary>
/// Seals authenticator secrets at rest with the archive's keys (by id, so rotation keeps old secrets readable),
/// each turned by HKDF into a key of this purpose only. The user name is the associated data: a secret copied onto
/// another account does not open.
/// </summary>
public sealed class SecondFactorSeal(ArchiveCipher archive)
{
    private readonly ArchiveCipher _cipher = archive.For("hotline second factor");

    public SealedRecord Seal(byte[] secret, string userName) => _cipher.Seal(secret, Encoding.UTF8.GetBytes(userName));

    /// <summary>Throws <see cref="ArchiveTamperedException"/> when it does not open.</summary>
    public byte[] Open(SealedRecord sealedSecret, string userName) => _cipher.Open(sealedSecret, Encoding.UTF8.GetBytes(userName));
}
