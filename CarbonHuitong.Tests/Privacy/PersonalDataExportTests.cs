using CarbonHuitong.Core.Claims;
using CarbonHuitong.Core.Notifications;
using System.Diagnostics;
using System.Text.Json;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Privacy;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Transit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CarbonHuitong.Tests.Privacy;

/// <summary>The citizen's copy of their data holds all of it (profile, ledger, coupons, rides, consents) and nobody else's.</summary>
public abstract class PersonalDataExportTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task The_export_holds_every_entry_coupon_and_ride_of_the_citizen_and_nothing_of_another()
    {
        await using var database = await stores.CreateAsync();
        var validator = await Validator.RegisterAsync(database, _clock, await database.LoadRideCodesAsync(_clock));
        var item = await new MallBuilder().Priced(20m).WithStock(10).BuildAsync(database, _clock);
        var citizen = await new CitizenBuilder().Named("wang.fang").WithCredits(40m).BuildAsync(database, _clock);
        var other = await new CitizenBuilder().Named("zhao.lei").WithCredits(40m).BuildAsync(database, _clock);
        foreach (var who in new[] { citizen, other })
        {
            await database.RedeemAsync(_clock, who.AccountId, item.Id, "r-1");
            await database.RedeemAsync(_clock, who.AccountId, item.Id, "r-2");
            await validator.ScanAsync(validator.ScanOf(who.AccountId));
        }

        var (export, _) = await ExportAsync(database, citizen);

        var root = export.RootElement;
        Assert.Equal(PersonalDataExport.Format, root.GetProperty("format").GetString());
        var profile = root.GetProperty("profile");
        Assert.Equal(("wang.fang@example.test", "wang.fang", citizen.UserId), (profile.GetProperty("email").GetString(),
            profile.GetProperty("userName").GetString(), profile.GetProperty("userId").GetString()));
        Assert.Equal(["Citizen"], profile.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(_clock.UtcNow, profile.GetProperty("registeredAt").GetDateTime());
        var account = root.GetProperty("account");
        Assert.Equal((citizen.AccountId, 1.10m), (account.GetProperty("id").GetInt64(), account.GetProperty("balance").GetDecimal()));

        await using var db = database.CreateContext();
        Assert.Equal(await db.LedgerEntries.Where(e => e.AccountId == citizen.AccountId).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(),
            Ids(root, "ledger"));
        Assert.Equal(["adjust", "spend", "spend", "earn"], root.GetProperty("ledger").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(await db.Coupons.Where(c => c.AccountId == citizen.AccountId).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(), Ids(root, "coupons"));
        Assert.Equal(["used", "unused"], root.GetProperty("coupons").EnumerateArray().Select(c => c.GetProperty("status").GetString()));
        var ride = Assert.Single(root.GetProperty("rides").EnumerateArray());
        Assert.Equal((TransitBuilder.LineId, TransitBuilder.VehicleId, TransitBuilder.FareFen, 0L, _clock.UtcNow),
            (ride.GetProperty("lineId").GetString(), ride.GetProperty("vehicleId").GetString(), ride.GetProperty("fareFen").GetInt64(),
                ride.GetProperty("amountDueFen").GetInt64(), ride.GetProperty("scannedAt").GetDateTime()));
        Assert.Equal(JsonValueKind.Array, root.GetProperty("consents").ValueKind);
        Assert.Empty(root.GetProperty("consents").EnumerateArray());

        var text = root.GetRawText();
        Assert.DoesNotContain("zhao.lei", text);
        Assert.DoesNotContain(other.UserId, text);
        var othersEntries = await db.LedgerEntries.Where(e => e.AccountId == other.AccountId).Select(e => e.Id).ToListAsync();
        Assert.Empty(Ids(root, "ledger").Intersect(othersEntries));
    }

    [SkippableFact]
    public async Task A_long_history_is_exported_in_one_query_per_section_not_one_per_row()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await using (var db = database.CreateContext())
        {
            await CoreServices.Earning(db, _clock).RecordAsync(Enumerable.Range(0, 300)
                .Select(i => EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, _clock.UtcNow, externalEventId: $"feed-{i}")).ToList());
        }

        var (export, commands) = await ExportAsync(database, citizen);

        Assert.Equal(300, export.RootElement.GetProperty("ledger").GetArrayLength());
        // The profile with its roles, the account, then the ledger, the coupons, the rides, the consents, the accepted
        // terms, the claims and the notifications.
        Assert.InRange(commands, 1, 9);
    }

    [SkippableFact]
    public async Task The_export_holds_the_citizens_claims_and_notifications_and_not_anothers()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(5m).BuildAsync(database, _clock);
        var other = await new CitizenBuilder().BuildAsync(database, _clock);
        await using (var db = database.CreateContext())
        {
            foreach (var who in new[] { citizen, other })
            {
                db.Claims.Add(Claim.File(who.AccountId, ClaimKind.MissingRide, _clock.UtcNow.AddHours(-3), "Line 871, Jiefangbei", "The validator was off",
                    Methodology.BusRide, null, null, "claim-1", _clock.UtcNow));
                db.Notifications.Add(Notification.Of(who.AccountId, NotificationKind.AccountFrozen, "account-frozen/1", _clock.UtcNow,
                    detail: $"Checking {who.UserName}"));
            }
            await db.SaveChangesAsync();
        }

        var (export, _) = await ExportAsync(database, citizen);

        var claim = Assert.Single(export.RootElement.GetProperty("claims").EnumerateArray());
        Assert.Equal(("MissingRide", "open", "Line 871, Jiefangbei"),
            (claim.GetProperty("kind").GetString(), claim.GetProperty("status").GetString(), claim.GetProperty("place").GetString()));
        var notification = Assert.Single(export.RootElement.GetProperty("notifications").EnumerateArray());
        Assert.Equal(("AccountFrozen", $"Checking {citizen.UserName}"), (notification.GetProperty("kind").GetString(), notification.GetProperty("detail").GetString()));
        Assert.Equal(0m, export.RootElement.GetProperty("account").GetProperty("pendingCredits").GetDecimal());
        Assert.DoesNotContain(other.UserName, export.RootElement.GetRawText());
    }

    private static List<long> Ids(JsonElement root, string section) =>
        root.GetProperty(section).EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();

    private async Task<(JsonDocument Export, int Commands)> ExportAsync(TestStore database, Citizen citizen)
    {
        var counter = new CommandCounter();
        await using var db = database.CreateContext();
        using var listening = counter.Listen(db);
        using var output = new MemoryStream();
        await new PersonalDataExport(db, _clock).WriteAsync(Closures.ActorOf(citizen), output);
        return (JsonDocument.Parse(output.ToArray()), counter.Count);
    }

    /// <summary>Counts the commands one context sends, from EF's diagnostic events (other tests' contexts are not counted).</summary>
    private sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly List<IDisposable> _subscriptions = [];
        private DbContext? _context;
        private int _count;
        public int Count => Volatile.Read(ref _count);

        public IDisposable Listen(DbContext context)
        {
            _context = context;
            lock (_subscriptions) _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
            return this;
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name != DbLoggerCategory.Name) return;
            lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
        }

        public void Dispose()
        {
            lock (_subscriptions) _subscriptions.ForEach(s => s.Dispose());
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            if (e.Key == RelationalEventId.CommandExecuting.Name && e.Value is CommandEventData data && ReferenceEquals(data.Context, _context))
                Interlocked.Increment(ref _count);
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }
    }
}

public sealed class PersonalDataExportTestsOnSqlite() : PersonalDataExportTests(SqliteTestStores.Instance)
{
}

public sealed class PersonalDataExportTestsOnPostgres(PostgresTestStores postgres) : PersonalDataExportTests(postgres), IClassFixture<PostgresTestStores>
{
}
