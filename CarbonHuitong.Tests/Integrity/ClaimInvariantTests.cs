using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Tests.Claims;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Integrity;

/// <summary>
/// The claims' and claw-backs' invariants hold for a world made through the services, and each finds its fault planted
/// with raw SQL past the app's rules.
/// </summary>
public sealed class ClaimInvariantTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task A_world_of_approved_rejected_and_open_claims_and_claw_backs_with_and_without_shortfalls_passes_every_check()
    {
        await using var world = await ClaimWorld.BuildAsync(_clock);

        var report = await world.CheckAsync();

        Assert.True(report.AllHold, report.ToString());
        Assert.Equal(3, report[Invariant.ApprovedClaimGrantedByItsAdjust].Checked);
        Assert.Equal(2, report[Invariant.ShortfallAddsUp].Checked);
    }

    [Fact]
    public async Task An_approved_claim_whose_grant_differs_from_its_entry_is_found()
    {
        await using var world = await ClaimWorld.BuildAsync(_clock);

        var check = await PlantAndFindBrokenAsync(world, Invariant.ApprovedClaimGrantedByItsAdjust,
            $"""UPDATE "Claims" SET "GrantedHundredths" = 500 WHERE "Id" = {world.ApprovedId}""");

        Assert.Equal($"#{world.ApprovedId} granted 5.00; its entry #{world.ApprovedEntryId} moved 2.00", check.Samples.Single().Description);
    }

    [Fact]
    public async Task An_approved_claim_pointing_at_another_accounts_entry_and_a_rejected_one_naming_an_entry_are_found()
    {
        await using var world = await ClaimWorld.BuildAsync(_clock);

        var check = await PlantAndFindBrokenAsync(world, Invariant.ApprovedClaimGrantedByItsAdjust, $"""
            UPDATE "Claims" SET "AccountId" = {world.Other.AccountId} WHERE "Id" = {world.ApprovedId};
            UPDATE "Claims" SET "AdjustEntryId" = {world.ApprovedEntryId} WHERE "Id" = {world.RejectedId};
            """);

        Assert.Equal(2, check.Offending);
        Assert.Contains(check.Samples, s => s.Description == $"#{world.RejectedId} is rejected yet names entry #{world.ApprovedEntryId}");
        Assert.Contains(check.Samples, s => s.Description.StartsWith($"#{world.ApprovedId} names entry #{world.ApprovedEntryId} (Adjust of account", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_shortfall_that_does_not_add_up_or_whose_entry_took_another_amount_is_found()
    {
        await using var world = await ClaimWorld.BuildAsync(_clock);

        var check = await PlantAndFindBrokenAsync(world, Invariant.ShortfallAddsUp, $"""
            UPDATE "CreditShortfalls" SET "ShortfallHundredths" = "ShortfallHundredths" + 1 WHERE "EntryId" IS NULL;
            UPDATE "CreditShortfalls" SET "TakenHundredths" = "TakenHundredths" - 100, "ShortfallHundredths" = "ShortfallHundredths" + 100 WHERE "EntryId" IS NOT NULL;
            """);

        Assert.Equal(2, check.Offending);
        Assert.Contains(check.Samples, s => s.Description.EndsWith("took 0.00 and fell short by 8.01 of 8.00", StringComparison.Ordinal));
        Assert.Contains(check.Samples, s => s.Description.EndsWith("moved -30.00", StringComparison.Ordinal) && s.Description.Contains("took 29.00"));
    }

    private static async Task<InvariantCheck> PlantAndFindBrokenAsync(ClaimWorld world, Invariant broken, string fault)
    {
        await InvariantCheckerTests.RunRawSqlAsync(world.Database, fault);
        var report = await world.CheckAsync();
        Assert.Equal([broken], report.Broken);
        return report[broken];
    }

    /// <summary>
    /// A citizen with an approved claim (2 credits), a rejected one and an open one; another citizen clawed back 50 from
    /// 30 (a shortfall beside its entry) and then 8 from nothing (a shortfall without one).
    /// </summary>
    private sealed class ClaimWorld(TestDatabase database, Citizen other, long approvedId, long approvedEntryId, long rejectedId) : IAsyncDisposable
    {
        public TestDatabase Database => database;
        public Citizen Other => other;
        public long ApprovedId => approvedId;
        public long ApprovedEntryId => approvedEntryId;
        public long RejectedId => rejectedId;

        public static async Task<ClaimWorld> BuildAsync(TestClock clock)
        {
            var database = await TestDatabase.CreateAsync();
            var citizen = await new CitizenBuilder().BuildAsync(database, clock);
            var other = await new CitizenBuilder().WithCredits(30m).BuildAsync(database, clock);
            var claims = new List<long>();
            for (var day = 1; day <= 3; day++)
                claims.Add((await database.FileAsync(clock, citizen.AccountId, ClaimSetup.MissingRide(clock.UtcNow.AddDays(-day)))).Claim.Id);
            await database.ApproveAsync(clock, claims[0], 2m);
            await database.RejectAsync(clock, claims[1]);
            await database.ClawBackAsync(clock, other.AccountId, 50m);
            await database.ClawBackAsync(clock, other.AccountId, 8m);
            await using var db = database.CreateContext();
            var entryId = db.Claims.Where(c => c.Id == claims[0]).Select(c => c.AdjustEntryId!.Value).Single();
            return new ClaimWorld(database, other, claims[0], entryId, claims[1]);
        }

        public async Task<InvariantReport> CheckAsync()
        {
            await using var db = database.CreateContext();
            return await new InvariantChecker(db).CheckAsync();
        }

        public ValueTask DisposeAsync() => database.DisposeAsync();
    }
}
