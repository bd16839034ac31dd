using System.Text.Json;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Audit;

/// <summary>Every administrative action leaves one audit entry, written with the change; the database keeps the log append-only.</summary>
public sealed class AuditTrailTests
{
    private readonly TestClock _clock = new();

    /// <param name="before">"property=value" expected in the Before JSON; "property" for presence only; null when there is no Before.</param>
    [Theory]
    [InlineData("project.register", "EmissionProject", null, "name=Chongqing new-energy bus fleet")]
    [InlineData("project.issuance", "EmissionProject", null, "tonnes=166000")]
    [InlineData("project.sale", "EmissionProject", "tonnesSold=0", "tonnesSold=600")]
    [InlineData("batch.fund", "CouponBatch", null, "quantity=100")]
    [InlineData("batch.submit", "CouponBatch", "status", "status")]
    [InlineData("batch.list", "CouponBatch", "status", "titleEn=2-yuan bus coupon")]
    [InlineData("batch.reject", "CouponBatch", "status", "rejectionReason=Too many 2-yuan coupons this month.")]
    [InlineData("item.delist", "MallItem", "stockLeft=100", "stockLeft=100")]
    [InlineData("item.relist", "MallItem", "status=Delisted", "status=Listed")]
    [InlineData("methodology.schedule", "GreenBehaviour", "gramsPerUnit=120", "gramsPerUnit=150")]
    [InlineData("terminal.register", "Terminal", null, "lineId=cq-bus-818")]
    [InlineData("terminal.rotate_key", "Terminal", "keyIssuedAt=2026-03-18T02:00:00Z", "keyIssuedAt=2026-03-18T03:00:00Z")]
    [InlineData("user.roles", "User", "organization=null", "organization=Chongqing Public Transport Group")]
    [InlineData("user.lock", "User", "lockoutEnd=null", "lockoutEnd=9999-12-31T23:59:59.9999999+00:00")]
    [InlineData("user.unlock", "User", "lockoutEnd=9999-12-31T23:59:59.9999999+00:00", "lockoutEnd=null")]
    public async Task Each_admin_action_writes_exactly_one_audit_entry_with_its_actor_entity_and_values_before_and_after(
        string action, string entityType, string? before, string after)
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var (actor, act) = await ArrangeAsync(database, action);
        var lastId = await LastAuditIdAsync(database);

        var entityId = await database.AsRequestAsync(_clock, act);

        await using var db = database.CreateContext();
        var entry = Assert.Single(await db.AuditEntries.AsNoTracking().Where(e => e.Id > lastId).ToListAsync());
        Assert.Equal((action, entityType, entityId), (entry.Action, entry.EntityType, entry.EntityId));
        Assert.Equal((actor.UserId, actor.Email, _clock.UtcNow), (entry.ActorUserId, entry.ActorEmail, entry.At));
        if (before is null) Assert.Null(entry.Before);
        else AssertJsonHas(entry.Before, before);
        AssertJsonHas(entry.After, after);
    }

    [Fact]
    public async Task A_terminals_key_never_reaches_the_audit_log()
    {
        await using var database = await InitializedDatabase.CopyAsync();

        var issued = await database.AsRequestAsync(_clock, s => s.Terminals.RegisterAsync(Actors.MallAdmin, "validator-818-01", "cq-bus-818", "Line 818"));
        var rotated = await database.AsRequestAsync(_clock, s => s.Terminals.RotateKeyAsync(Actors.MallAdmin, "validator-818-01"));

        var dump = string.Concat((await DatabaseSnapshot.TakeAsync(database)).Tables.Values);
        Assert.DoesNotContain(issued, dump);
        Assert.DoesNotContain(rotated, dump);
    }

    [Fact]
    public async Task Audit_entries_name_a_batchs_status_so_an_admin_can_read_them_and_renumbering_the_enum_cannot_rewrite_history()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
        var batchId = await database.FundAndSubmitAsync(_clock, projectId, Batches.TwoYuanCoupons(100));

        var submitted = Assert.Single((await ReadAsync(database, new AuditFilter(Action: "batch.submit"))).Items);

        Assert.Equal(batchId.ToString(), submitted.EntityId);
        AssertJsonHas(submitted.Before, "status=Draft");
        AssertJsonHas(submitted.After, "status=Submitted");
    }

    [Fact]
    public async Task The_audit_log_is_read_newest_first_filtered_by_action_prefix_actor_and_China_dates()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        // 18 March, 10:00 in Chongqing: the owner registers, funds and submits.
        var projectId = await new ProjectBuilder().Unsold().Issued(0).BuildAsync(database, _clock);
        await database.AsRequestAsync(_clock, s => s.Projects.RecordIssuanceAsync(Actors.TransportOwner, projectId,
            new IssuanceDraft(1_000, 2025, "CQCER-2025-0001", new DateOnly(2026, 3, 1))));
        await database.AsRequestAsync(_clock, s => s.Projects.RecordSaleAsync(Actors.TransportOwner, projectId,
            new SaleDraft(1_000, new Fen(6_00), "A buyer", new DateOnly(2026, 3, 2))));
        var batchId = await database.FundAndSubmitAsync(_clock, projectId, Batches.TwoYuanCoupons(100));
        // 00:30 on 19 March in Chongqing is still the 18th in UTC.
        _clock.SetUtcNow(ChinaTime.Utc(2026, 3, 19, 0, 30));
        await database.AsRequestAsync(_clock, s => s.Batches.ListAsync(Actors.MallAdmin, batchId, Batches.Listing()));
        _clock.SetUtcNow(ChinaTime.Utc(2026, 3, 20, 9, 0));
        await database.AsRequestAsync(_clock, s => s.Terminals.RegisterAsync(Actors.SecondMallAdmin, "validator-1", "cq-bus-818", "Line 818"));

        var all = await ReadAsync(database, new AuditFilter());
        var batches = await ReadAsync(database, new AuditFilter(Action: "batch."));
        var byOps = await ReadAsync(database, new AuditFilter(Actor: "ops@"));
        var onThe19th = await ReadAsync(database, new AuditFilter(From: new DateOnly(2026, 3, 19), To: new DateOnly(2026, 3, 19)));
        var fromThe19th = await ReadAsync(database, new AuditFilter(From: new DateOnly(2026, 3, 19)));
        var upToThe18th = await ReadAsync(database, new AuditFilter(To: new DateOnly(2026, 3, 18)));

        Assert.Equal(["terminal.register", "batch.list", "batch.submit", "batch.fund", "project.sale", "project.issuance", "project.register"],
            all.Items.Select(e => e.Action));
        Assert.Equal(["batch.list", "batch.submit", "batch.fund"], batches.Items.Select(e => e.Action));
        Assert.Equal(["terminal.register"], byOps.Items.Select(e => e.Action));
        Assert.Equal(["batch.list"], onThe19th.Items.Select(e => e.Action));
        Assert.Equal(["terminal.register", "batch.list"], fromThe19th.Items.Select(e => e.Action));
        Assert.Equal(5, upToThe18th.TotalCount);
        Assert.DoesNotContain(upToThe18th.Items, e => e.Action == "batch.list");
    }

    [Theory]
    [InlineData("ops@carbonhuitong.test")]
    [InlineData("OPS@")]
    [InlineData("Ops@CarbonHuitong")]
    public async Task The_audit_log_finds_an_actor_by_any_part_of_their_email_whatever_its_case_as_the_user_search_does(string actor)
    {
        await using var database = await InitializedDatabase.CopyAsync();
        await database.AsRequestAsync(_clock, s => s.Terminals.RegisterAsync(Actors.SecondMallAdmin, "validator-1", "cq-bus-818", "Line 818"));
        await database.AsRequestAsync(_clock, s => s.Terminals.RegisterAsync(Actors.MallAdmin, "validator-2", "cq-bus-818", "Line 818"));

        var found = await ReadAsync(database, new AuditFilter(Actor: actor));

        Assert.Equal(["validator-1"], found.Items.Select(e => e.EntityId));
    }

    [Fact]
    public async Task The_audit_log_is_read_in_pages_with_the_total_of_all_matching_entries()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        for (var i = 1; i <= 5; i++)
            await database.AsRequestAsync(_clock, s => s.Terminals.RegisterAsync(Actors.MallAdmin, $"validator-{i}", "cq-bus-818", $"Validator {i}"));

        var pages = new List<Page<AuditEntryView>>();
        for (var page = 1; page <= 3; page++) pages.Add(await ReadAsync(database, new AuditFilter(), page, pageSize: 2));

        Assert.All(pages, p => Assert.Equal((5, 3), (p.TotalCount, p.PageCount)));
        Assert.Equal([["validator-5", "validator-4"], ["validator-3", "validator-2"], ["validator-1"]],
            pages.Select(p => p.Items.Select(e => e.EntityId).ToArray()));
    }

    [Theory]
    [InlineData("a project owner")]
    [InlineData("a citizen")]
    public async Task Only_a_mall_admin_may_read_the_audit_log_anyone_else_is_forbidden(string who)
    {
        await using var database = await InitializedDatabase.CopyAsync();
        await new ProjectBuilder().BuildAsync(database, _clock);
        var reader = who == "a citizen" ? Actors.Citizen : Actors.TransportOwner;

        var refusal = await Assert.ThrowsAsync<DomainException>(
            () => database.AsRequestAsync(_clock, s => s.Audit.ReadAsync(reader, new AuditFilter(), 1, 50)));

        Assert.Equal(ErrorCodes.Forbidden, refusal.Code);
    }

    [Theory]
    [InlineData("UPDATE AuditEntries SET Action = 'project.nothing_to_see' WHERE Action = 'project.register'")]
    [InlineData("UPDATE AuditEntries SET ActorEmail = 'someone.else@example.test'")]
    [InlineData("DELETE FROM AuditEntries WHERE Action = 'project.sale'")]
    [InlineData("DELETE FROM AuditEntries")]
    public async Task The_database_refuses_to_change_or_delete_an_audit_entry(string sql)
    {
        await using var database = await InitializedDatabase.CopyAsync();
        await new ProjectBuilder().BuildAsync(database, _clock);
        var before = await DatabaseSnapshot.TakeAsync(database);
        await using var db = database.CreateContext();

        await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync(sql));

        Assert.Equal(before.Tables["AuditEntries"], (await DatabaseSnapshot.TakeAsync(database)).Tables["AuditEntries"]);
    }

    private async Task<(Actor Actor, Func<AdminScope, Task<string>> Act)> ArrangeAsync(TestDatabase database, string action)
    {
        var admin = Actors.MallAdmin;
        var owner = Actors.TransportOwner;
        switch (action)
        {
            case "project.register":
                return (owner, async s => (await s.Projects.RegisterAsync(owner, new ProjectDraft("Chongqing new-energy bus fleet", "CQCER urban bus",
                    "Buses", new DateOnly(2025, 1, 1), new DateOnly(2030, 12, 31)))).ToString());
            case "project.issuance":
            {
                var projectId = await new ProjectBuilder().Issued(0).Unsold().BuildAsync(database, _clock);
                return By(owner, s => s.Projects.RecordIssuanceAsync(owner, projectId,
                    new IssuanceDraft(166_000, 2025, "CQCER-2025-0001-0166", new DateOnly(2026, 1, 15))), on: projectId);
            }
            case "project.sale":
            {
                var projectId = await new ProjectBuilder().Issued(1_000).Unsold().BuildAsync(database, _clock);
                return By(owner, s => s.Projects.RecordSaleAsync(owner, projectId,
                    new SaleDraft(600, new Fen(6_00), "A buyer", new DateOnly(2026, 3, 1))), on: projectId);
            }
            case "batch.fund":
            {
                var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
                return (owner, async s => (await s.Batches.FundAsync(owner, projectId, Batches.TwoYuanCoupons(100))).ToString());
            }
            case "batch.submit":
            {
                var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
                var batchId = await database.FundAsync(_clock, projectId, Batches.TwoYuanCoupons(100));
                return By(owner, s => s.Batches.SubmitAsync(owner, batchId), on: batchId);
            }
            case "batch.list" or "batch.reject":
            {
                var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
                var batchId = await database.FundAndSubmitAsync(_clock, projectId, Batches.TwoYuanCoupons(100));
                return action == "batch.list"
                    ? By(admin, s => s.Batches.ListAsync(admin, batchId, Batches.Listing("2-yuan bus coupon")), on: batchId)
                    : By(admin, s => s.Batches.RejectAsync(admin, batchId, "Too many 2-yuan coupons this month."), on: batchId);
            }
            case "item.delist":
            {
                var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
                var itemId = await database.PutOnShelfAsync(_clock, projectId, Batches.TwoYuanCoupons(100));
                return By(admin, s => s.Batches.DelistAsync(admin, itemId), on: itemId);
            }
            case "item.relist":
            {
                var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
                var itemId = await database.PutOnShelfAsync(_clock, projectId, Batches.TwoYuanCoupons(100));
                await database.AsRequestAsync(_clock, s => s.Batches.DelistAsync(admin, itemId));
                return By(admin, s => s.Batches.RelistAsync(admin, itemId), on: itemId);
            }
            case "methodology.schedule":
                return By(admin, s => s.Methodology.ScheduleAsync(admin,
                    new FactorDraft(Methodology.BusRide, new DateOnly(2026, 4, 1), 150m, 1.5m, BilingualText.Of(null, "A 2026 revision"))), on: Methodology.BusRide);
            case "terminal.register":
                return By(admin, s => s.Terminals.RegisterAsync(admin, "validator-818-01", "cq-bus-818", "Line 818, front door"),
                    on: "validator-818-01");
            case "terminal.rotate_key":
                await database.AsRequestAsync(_clock, s => s.Terminals.RegisterAsync(admin, "validator-818-01", "cq-bus-818", "Line 818, front door"));
                _clock.Advance(TimeSpan.FromHours(1));
                return By(admin, s => s.Terminals.RotateKeyAsync(admin, "validator-818-01"), on: "validator-818-01");
            case "user.roles" or "user.lock" or "user.unlock":
            {
                var user = await new CitizenBuilder().BuildAsync(database, _clock);
                if (action == "user.unlock") await database.AsRequestAsync(_clock, s => s.UserAdmin.LockAsync(admin, user.UserId));
                return By(admin, s => action switch
                {
                    "user.roles" => s.UserAdmin.SetRolesAsync(admin, user.UserId, [Roles.Citizen, Roles.ProjectOwner], Actors.TransportGroup),
                    "user.lock" => s.UserAdmin.LockAsync(admin, user.UserId),
                    _ => s.UserAdmin.UnlockAsync(admin, user.UserId),
                }, on: user.UserId);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
    }

    /// <summary><paramref name="actor"/>'s act, answering the id of the entity it acts <paramref name="on"/>.</summary>
    private static (Actor Actor, Func<AdminScope, Task<string>> Act) By(Actor actor, Func<AdminScope, Task> act, object on) =>
        (actor, async s =>
        {
            await act(s);
            return on.ToString()!;
        });

    private Task<Page<AuditEntryView>> ReadAsync(TestDatabase database, AuditFilter filter, int page = 1, int pageSize = 50) =>
        database.AsRequestAsync(_clock, s => s.Audit.ReadAsync(Actors.MallAdmin, filter, page, pageSize));

    private static async Task<long> LastAuditIdAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.AuditEntries.MaxAsync(e => (long?)e.Id) ?? 0;
    }

    /// <param name="expectation">"property=value", or "property" when only its presence is checked; "null" is JSON null.</param>
    private static void AssertJsonHas(string? json, string expectation)
    {
        Assert.NotNull(json);
        using var document = JsonDocument.Parse(json);
        var (name, expected) = expectation.Split('=', 2) switch
        {
            [var only] => (only, null),
            [var property, var value] => (property, value),
            _ => throw new ArgumentException(expectation),
        };
        Assert.True(document.RootElement.TryGetProperty(name, out var element), $"{json} has no '{name}'.");
        if (expected is null) return;
        if (element.ValueKind == JsonValueKind.Number && decimal.TryParse(expected, out var number))
            Assert.Equal(number, element.GetDecimal());
        else
            Assert.Equal(expected, element.ValueKind switch
            {
                JsonValueKind.String => element.GetString(),
                JsonValueKind.Null => "null",
                _ => element.GetRawText(),
            });
    }
}
