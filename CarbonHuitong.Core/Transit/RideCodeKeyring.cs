using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Cryptography;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Transit;

public sealed record RideCodePublicKey(string KeyId, string Algorithm, byte[] SubjectPublicKeyInfo);

/// <summary>
/// The ride-code keys, loaded once at start-up and held in memory so the scan path never reads a key from the
/// database or imports one. ECDsa objects are not safe to share between threads, so each key keeps a small pool.
/// </summary>
public sealed class RideCodeKeyring
{
    // Another server may rotate the key; a code signed with a key id this server has not seen reloads the keys,
    // at most this often, so a flood of forged key ids cannot turn into a flood of reads.
    private static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(30);

    private volatile Snapshot current = new(null, FrozenDictionary<string, PooledKey>.Empty, []);
    private long lastLoadedTicks;

    public string ActiveKeyId => current.Signing?.KeyId ?? throw new InvalidOperationException("The ride-code keys are not loaded.");

    public IReadOnlyList<RideCodePublicKey> PublicKeys => current.PublicKeys;

    /// <summary>Loads the keys, creating the first one if the database has none.</summary>
    public async Task LoadAsync(CarbonDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        if (!await db.RideCodeKeys.AnyAsync(k => k.IsActive, ct))
        {
            db.RideCodeKeys.Add(RideCodeKey.Generate(clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(ct);
        }
        var keys = await db.RideCodeKeys.AsNoTracking().Where(k => k.RetiredAt == null).OrderBy(k => k.CreatedAt).ToListAsync(ct);
        current = Snapshot.Of(keys);
        Interlocked.Exchange(ref lastLoadedTicks, clock.GetUtcNow().UtcTicks);
    }

    public bool Knows(string keyId) => current.Keys.ContainsKey(keyId);

    /// <summary>Reloads the keys if a code names a key id this server does not know and the last load is not recent.</summary>
    internal async Task<bool> ReloadForUnknownKeyAsync(string keyId, CarbonDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (Knows(keyId) || clock.GetUtcNow().UtcTicks - Interlocked.Read(ref lastLoadedTicks) < ReloadInterval.Ticks) return false;
        await LoadAsync(db, clock, ct);
        return Knows(keyId);
    }

    /// <summary>Makes a new signing key; the previous one keeps verifying the codes already shown.</summary>
    public async Task<string> RotateAsync(CarbonDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var key = await db.InWriteTransactionAsync(async () =>
        {
            foreach (var active in await db.RideCodeKeys.Where(k => k.IsActive).ToListAsync(ct)) active.Deactivate();
            var next = RideCodeKey.Generate(clock.GetUtcNow().UtcDateTime);
            db.RideCodeKeys.Add(next);
            await db.SaveChangesAsync(ct);
            return next;
        }, ct);
        await LoadAsync(db, clock, ct);
        return key.KeyId;
    }

    internal byte[] Sign(byte[] data, out string keyId)
    {
        var signing = current.Signing ?? throw new InvalidOperationException("The ride-code keys are not loaded.");
        keyId = signing.KeyId;
        return signing.Use(ecdsa => ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    internal bool Verify(string keyId, byte[] data, byte[] signature) =>
        current.Keys.TryGetValue(keyId, out var key)
        && key.Use(ecdsa => ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    private sealed record Snapshot(PooledKey? Signing, FrozenDictionary<string, PooledKey> Keys, IReadOnlyList<RideCodePublicKey> PublicKeys)
    {
        public static Snapshot Of(IReadOnlyList<RideCodeKey> keys)
        {
            var pooled = keys.ToFrozenDictionary(k => k.KeyId, k => new PooledKey(k));
            var signing = keys.LastOrDefault(k => k.IsActive) is { } active ? pooled[active.KeyId] : null;
            return new Snapshot(signing, pooled, keys.Select(k => new RideCodePublicKey(k.KeyId, k.Algorithm, k.PublicKey)).ToList());
        }
    }

    private sealed class PooledKey(RideCodeKey key)
    {
        private readonly ConcurrentBag<ECDsa> pool = [];

        public string KeyId => key.KeyId;

        public T Use<T>(Func<ECDsa, T> operation)
        {
            if (!pool.TryTake(out var ecdsa))
            {
                ecdsa = ECDsa.Create();
                ecdsa.ImportPkcs8PrivateKey(key.PrivateKey, out _);
            }
            try
            {
                return operation(ecdsa);
            }
            finally
            {
                pool.Add(ecdsa);
            }
        }
    }
}
