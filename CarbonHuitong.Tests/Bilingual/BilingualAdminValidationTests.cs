using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Bilingual;

/// <summary>An administrator gives a shelf item's title and a factor's source in Chinese, English or both; neither is refused.</summary>
public sealed class BilingualAdminValidationTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task A_listing_without_a_title_in_either_language_is_refused_and_the_batch_stays_submitted()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
        var batchId = await database.FundAsync(_clock, projectId, Batches.TwoYuanCoupons(10));
        await database.AsRequestAsync(_clock, s => s.Batches.SubmitAsync(Actors.TransportOwner, batchId));

        var refused = await Assert.ThrowsAsync<DomainException>(() => database.AsRequestAsync(_clock,
            s => s.Batches.ListAsync(Actors.MallAdmin, batchId, new ListingDraft(BilingualText.Of(" ", ""), BilingualText.Empty, null))));

        Assert.Equal(ErrorCodes.TextRequired, refused.Code);
        await using var db = database.CreateContext();
        Assert.Equal(BatchStatus.Submitted, (await db.CouponBatches.AsNoTracking().SingleAsync(b => b.Id == batchId)).Status);
        Assert.False(await db.MallItems.AnyAsync());
    }

    [Fact]
    public async Task A_factor_without_a_source_in_either_language_is_refused_and_one_in_Chinese_only_is_kept()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var day = PlatformTime.ChinaToday(_clock).AddDays(7);

        var refused = await Assert.ThrowsAsync<DomainException>(() => database.AsRequestAsync(_clock, s => s.Methodology.ScheduleAsync(Actors.MallAdmin,
            new FactorDraft(Methodology.BusRide, day, 150m, 1.5m, BilingualText.Empty))));
        await database.AsRequestAsync(_clock, s => s.Methodology.ScheduleAsync(Actors.MallAdmin,
            new FactorDraft(Methodology.BusRide, day, 150m, 1.5m, BilingualText.Of("重庆市生态环境局 2026 年修订", null))));

        Assert.Equal(ErrorCodes.TextRequired, refused.Code);
        var scheduled = Assert.Single(await database.AsRequestAsync(_clock, s => s.Methodology.ListScheduledAsync()));
        Assert.Equal(("重庆市生态环境局 2026 年修订", ""), (scheduled.Source.Zh, scheduled.Source.En));
    }
}
