using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Cryptography;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Persistence.Secrets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Transit;

public sealed record RideCodePublicKey(string KeyId, string Algorithm, byte[] SubjectPublicKeyInfo);

/// <summary>What loading does with a ride-code key this server's key ring cannot unseal.</summary>
public enum UnreadableRideCodeKeys
{
    /// <summary>Refuse to load, with what to fix: the key file or certificate is not the one that sealed the keys.</summary>
    Refuse,

    /// <summary>Retire them and make a new signing key, when the operator knows the old key file is lost.</summary>
    Retire,
}

/// <summary>
/// The ride-code keys, loaded once at start-up and held in memory so the scan path never reads a key from the
/// database, unseals or imports one. ECDsa objects are not safe to share between threads, so each key keeps a small pool.
/// </summary>
public sealed class RideCodeKeyring(IDataProtectionProvider protection)
{
    // Another server may rotate the key; a code signed with a key id this server has not seen reloads the keys,
    // at most this often, so a flood of forged key ids cannot turn into a flood of reads.
    private static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(30);

    private readonly SecretSeal seal = SecretSeal.For(protection, SecretPurposes.RideCodeKeys);
    private volatile Snapshot current = new(null, FrozenDictionary<string, PooledKey>.Empty, []);
    private long lastLoadedTicks;

    public string ActiveKeyId => current.Signing?.KeyId ?? throw new InvalidOperationException("The ride-code keys are not loaded.");

    public IReadOnlyList<RideCodePublicKey> PublicKeys => current.PublicKeys;

    /// <summary>
    /// Loads the keys: in one transaction, seals any key an earlier release stored in clear and creates the first key
    /// if none is active; then unseals each key once, into memory. A key that cannot be unsealed stops the load with
    /// what to fix (<see cref="StoreConfigurationException"/>).
    /// </summary>
    public Task LoadAsync(CarbonDbContext db, TimeProvider clock, CancellationToken ct = default) =>
        LoadAsync(db, clock, UnreadableRideCodeKeys.Refuse, ct);

    /// <returns>The ids of the keys retired because they could not be unsealed (none unless <paramref name="unreadable"/> is Retire).</returns>
    public async Task<IReadOnlyList<string>> LoadAsync(CarbonDbContext db, TimeProvider clock, UnreadableRideCodeKeys unreadable,
        CancellationToken ct = default)
    {
        // Sealing may make the ring's first key, which Data Protection writes on a connection of its own, so it is
        // done before our transaction takes the write lock, not inside it.
        var plain = await db.RideCodeKeys.Where(k => !k.Sealed).ToListAsync(ct);
        foreach (var key in plain) key.Seal(seal);
        var first = await db.RideCodeKeys.AnyAsync(k => k.IsActive, ct) ? null : RideCodeKey.Generate(clock.GetUtcNow().UtcDateTime, seal);
        if (plain.Count > 0 || first is not null)
        {
            await db.InWriteTransactionAsync(async () =>
            {
                if (first is not null && !await db.RideCodeKeys.AnyAsync(k => k.IsActive, ct)) db.RideCodeKeys.Add(first);
                await db.SaveChangesAsync(ct);
            }, ct);
        }
        db.ChangeTracker.Clear();

        var (snapshot, unreadableIds) = await ReadAsync(db, ct);
        if (unreadableIds.Count == 0)
        {
            Use(snapshot, clock);
            return [];
        }
        if (unreadable == UnreadableRideCodeKeys.Refuse)
            throw new StoreConfigurationException(
                $"The ride-code keys {string.Join(", ", unreadableIds)} cannot be unsealed: the key ring that sealed them is protected by " +
                $"another certificate or key file than this server's. Restore that one ({KeyRingSettings.CertificatePathSetting}, " +
                $"{KeyRingSettings.CertificateThumbprintSetting} or {KeyRingSettings.KeyFileSetting}), or set " +
                $"{KeyRingSettings.ReplaceUnreadableKeysSetting}=true to retire these keys and make a new one.");

        var now = clock.GetUtcNow().UtcDateTime;
        var replacement = RideCodeKey.Generate(now, seal);
        await db.InWriteTransactionAsync(async () =>
        {
            foreach (var lost in await db.RideCodeKeys.Where(k => unreadableIds.Contains(k.KeyId)).ToListAsync(ct)) lost.Retire(now);
            await db.SaveChangesAsync(ct);
            if (!await db.RideCodeKeys.AnyAsync(k => k.IsActive, ct)) db.RideCodeKeys.Add(replacement);
            await db.SaveChangesAsync(ct);
        }, ct);
        db.ChangeTracker.Clear();
        await LoadAsync(db, clock, UnreadableRideCodeKeys.Refuse, ct);
        return unreadableIds;
    }

    /// <summary>The keys not retired, each unsealed and imported once; and the ids of those this server cannot unseal.</summary>
    private async Task<(Snapshot Keys, IReadOnlyList<string> Unreadable)> ReadAsync(CarbonDbContext db, CancellationToken ct)
    {
        var keys = await db.RideCodeKeys.AsNoTracking().Where(k => k.RetiredAt == null).OrderBy(k => k.CreatedAt).ToListAsync(ct);
        var opened = new List<(RideCodeKey Key, PooledKey Pooled)>();
        var unreadable = new List<string>();
        foreach (var key in keys)
        {
            if (PooledKey.TryOpen(key, seal) is { } pooled) opened.Add((key, pooled));
            else unreadable.Add(key.KeyId);
        }
        return (Snapshot.Of(opened), unreadable);
    }

    private void Use(Snapshot snapshot, TimeProvider clock)
    {
        current = snapshot;
        Interlocked.Exchange(ref lastLoadedTicks, clock.GetUtcNow().UtcTicks);
    }

    public bool Knows(string keyId) => current.Keys.ContainsKey(keyId);

    /// <summary>Reloads the keys if a code names a key id this server does not know and the last load is not recent.</summary>
    internal async Task<bool> ReloadForUnknownKeyAsync(string keyId, CarbonDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (Knows(keyId) || clock.GetUtcNow().UtcTicks - Interlocked.Read(ref lastLoadedTicks) < ReloadInterval.Ticks) return false;
        Interlocked.Exchange(ref lastLoadedTicks, clock.GetUtcNow().UtcTicks);
        // Read only: a scan never writes keys. A key this server cannot unseal stays unknown, and its codes are refused.
        var (snapshot, unreadable) = await ReadAsync(db, ct);
        if (unreadable.Count == 0) Use(snapshot, clock);
        return Knows(keyId);
    }

    /// <summary>Makes a new signing key; the previous one keeps verifying the codes already shown.</summary>
    public async Task<string> RotateAsync(CarbonDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        // Made (and sealed) before the transaction: see LoadAsync.
        var next = RideCodeKey.Generate(clock.GetUtcNow().UtcDateTime, seal);
        var key = await db.InWriteTransactionAsync(async () =>
        {
            foreach (var active in await db.RideCodeKeys.Where(k => k.IsActive).ToListAsync(ct)) active.Deactivate();
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
        public static Snapshot Of(IReadOnlyList<(RideCodeKey Key, PooledKey Pooled)> keys)
        {
            var pooled = keys.ToFrozenDictionary(k => k.Key.KeyId, k => k.Pooled);
            var signing = keys.LastOrDefault(k => k.Key.IsActive).Pooled;
            return new Snapshot(signing, pooled, keys.Select(k => new RideCodePublicKey(k.Key.KeyId, k.Key.Algorithm, k.Key.PublicKey)).ToList());
        }
    }

    /// <summary>A key unsealed once, at load: the pool imports more copies of it from memory when scans need them.</summary>
    private sealed class PooledKey
    {
        private readonly ConcurrentBag<ECDsa> pool = [];
        private readonly byte[] pkcs8;

        private PooledKey(string keyId, byte[] pkcs8, ECDsa first)
        {
            KeyId = keyId;
            this.pkcs8 = pkcs8;
            pool.Add(first);
        }

        public string KeyId { get; }

        /// <summary>The key ready to sign, or null when it cannot be unsealed or what it unseals to is not a private key.</summary>
        public static PooledKey? TryOpen(RideCodeKey key, SecretSeal seal)
        {
            if (!key.TryUnsealPrivateKey(seal, out var pkcs8)) return null;
            var ecdsa = ECDsa.Create();
            try
            {
                ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
                return new PooledKey(key.KeyId, pkcs8, ecdsa);
            }
            catch (CryptographicException)
            {
                ecdsa.Dispose();
                return null;
            }
        }

        public T Use<T>(Func<ECDsa, T> operation)
        {
            if (!pool.TryTake(out var ecdsa))
            {
                ecdsa = ECDsa.Create();
                ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
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
