using System.Security.Cryptography;
using System.Text;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Identity;

/// <summary>A refresh token that has been exchanged once, kept (as a hash) until it would have expired.</summary>
public sealed class SpentRefreshToken
{
    private SpentRefreshToken() { }

    /// <summary>SHA-256 of the token: enough to recognise it again, useless to anyone who reads the table.</summary>
    public byte[] TokenHash { get; private set; } = [];
    public string UserId { get; private set; } = "";
    public DateTime SpentAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }

    internal static SpentRefreshToken Of(string token, string userId, DateTime spentAt, DateTime expiresAt) => new()
    {
        TokenHash = HashOf(token), UserId = userId, SpentAt = spentAt, ExpiresAt = expiresAt,
    };

    internal static byte[] HashOf(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}

public enum RefreshTokenUse
{
    First,
    Reused,
}

/// <summary>
/// Makes each refresh token work once. The bearer tokens themselves are stateless, so the spent ones are remembered
/// until they expire; a second use of one means a copy is in someone else's hands.
/// </summary>
public sealed class RefreshTokenRotation(CarbonDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Records the token as spent, in one transaction with the clean-up of expired ones. Two uses at once are told
    /// apart by the primary key: exactly one of them is <see cref="RefreshTokenUse.First"/>.
    /// </summary>
    public async Task<RefreshTokenUse> SpendAsync(string token, string userId, DateTime expiresAtUtc, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.InWriteTransactionAsync(async () =>
        {
            await db.SpentRefreshTokens.Where(t => t.ExpiresAt < now).ExecuteDeleteAsync(ct);
            db.SpentRefreshTokens.Add(SpentRefreshToken.Of(token, userId, now, expiresAtUtc));
            await db.SaveChangesAsync(ct);
            return RefreshTokenUse.First;
        }, earlier: () => Task.FromResult(RefreshTokenUse.Reused), ct);
    }
}
