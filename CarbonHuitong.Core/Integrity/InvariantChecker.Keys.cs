using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Integrity;

/// <summary>The secrets' invariant: no ride-code private key is stored in clear, where a copy of the database could sign with it.</summary>
public sealed partial class InvariantChecker
{
    /// <summary>
    /// A key is in clear when it says it is not sealed, or when what it stores reads as a private key anyway. A
    /// deployment has a handful of keys (one per rotation), so they are read and tried here rather than in SQL.
    /// </summary>
    private async Task<InvariantCheck> RideCodeKeySealedAsync(CancellationToken ct)
    {
        var keys = await db.RideCodeKeys.AsNoTracking().OrderBy(k => k.CreatedAt)
            .Select(k => new { k.KeyId, k.Sealed, k.PrivateKey }).ToListAsync(ct);
        var offenders = keys.Select((k, i) => (Place: i + 1L, k.KeyId, k.Sealed, InClear: ReadsAsPrivateKey(k.PrivateKey)))
            .Where(k => !k.Sealed || k.InClear).ToList();
        return new InvariantCheck(Invariant.RideCodeKeySealed, "no ride-code key stored in clear", "ride-code key", keys.Count, "ride-code key",
            offenders.Count,
            offenders.Take(SampleSize).Select(k => new Violation(k.Place,
                $"{k.KeyId} {(k.Sealed ? "is marked sealed but holds a plain PKCS#8 private key" : "is not sealed")}")).ToList());
    }

    private static bool ReadsAsPrivateKey(byte[] stored)
    {
        using var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportPkcs8PrivateKey(stored, out _);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
