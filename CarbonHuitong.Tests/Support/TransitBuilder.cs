using Microsoft.AspNetCore.DataProtection;
using CarbonHuitong.Core.Transit;

namespace CarbonHuitong.Tests.Support;

/// <summary>A validator as its operator registers it; <see cref="Key"/> is the secret it was shown once.</summary>
public sealed record RegisteredTerminal(string Id, string LineId, string Key);

/// <summary>
/// The transit side as the app sets it up: the platform's ride-code keys loaded from the database (the first load
/// creates one, as the app's first start does), validators registered through <see cref="TerminalService"/>, and
/// scans as a validator sends them.
/// </summary>
public static class TransitBuilder
{
    public const string LineId = "cq-bus-818";
    public const string VehicleId = "bus-0417";

    /// <summary>¥2, Chongqing's flat bus fare.</summary>
    public const long FareFen = 200;

    /// <param name="protection">The key ring that seals the keys; <see cref="TestKeyRing.Shared"/> when not given.</param>
    public static async Task<RideCodeKeyring> LoadKeyringAsync(this TestStore database, TimeProvider clock,
        IDataProtectionProvider? protection = null, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var keyring = new RideCodeKeyring(protection ?? TestKeyRing.Shared);
        await keyring.LoadAsync(db, clock, ct);
        return keyring;
    }

    public static async Task<RideCodes> LoadRideCodesAsync(this TestStore database, TimeProvider clock, CancellationToken ct = default) =>
        new(await database.LoadKeyringAsync(clock, ct: ct), clock);

    public static async Task<RegisteredTerminal> RegisterTerminalAsync(this TestStore database, TimeProvider clock,
        string? id = null, string lineId = LineId, CancellationToken ct = default)
    {
        id ??= "validator-" + Guid.NewGuid().ToString("N")[..8];
        await using var db = database.CreateContext();
        var key = await CoreServices.Terminals(db, clock).RegisterAsync(Actors.MallAdmin, id, lineId, $"Validator {id}", ct: ct);
        return new RegisteredTerminal(id, lineId, key);
    }

    /// <summary>A scan of <paramref name="rideCode"/> now, with a fresh scan id; vary it with <c>with { ... }</c>.</summary>
    public static ScanRequest Scan(string? rideCode, TimeProvider clock, long fareFen = FareFen) =>
        new("scan-" + Guid.NewGuid().ToString("N")[..12], rideCode, LineId, VehicleId, fareFen, clock.GetUtcNow().UtcDateTime);
}
