using CarbonHuitong.Core;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Tests.Funding;

/// <summary>A project owner reaches only their own organization's projects; another's are not found, so not even revealed.</summary>
public sealed class OrganizationScopeTests
{
    private readonly TestClock _clock = new();

    [Theory]
    [InlineData("read")]
    [InlineData("record an issuance")]
    [InlineData("record a sale")]
    [InlineData("fund a batch")]
    [InlineData("submit a batch")]
    public async Task An_owner_of_another_organization_who_tries_to_reach_someone_elses_project_gets_not_found_and_writes_nothing(string attempt)
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
        var batchId = await database.FundAsync(_clock, projectId, Batches.TwoYuanCoupons(100));
        // Another Org has a project and revenue of its own: the refusal is about whose project it is.
        await new ProjectBuilder().OwnedBy(Actors.OtherOwner).Named("Another Org's wind farm").BuildAsync(database, _clock);

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.NotFound,
            () => database.AsRequestAsync(_clock, s => Attempt(s.Projects, s.Batches, attempt, Actors.OtherOwner, projectId, batchId)));
    }

    [Fact]
    public async Task Someone_elses_project_answers_exactly_as_a_project_that_does_not_exist()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);

        var theirs = await Assert.ThrowsAsync<DomainException>(
            () => database.AsRequestAsync(_clock, s => s.Projects.GetAsync(Actors.OtherOwner, projectId)));
        var missing = await Assert.ThrowsAsync<DomainException>(
            () => database.AsRequestAsync(_clock, s => s.Projects.GetAsync(Actors.OtherOwner, projectId + 1_000)));

        Assert.Equal((missing.Code, missing.Message), (theirs.Code, theirs.Message));
    }

    [Fact]
    public async Task An_owner_lists_only_their_own_organizations_projects()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        await new ProjectBuilder().Named("Chongqing new-energy bus fleet").BuildAsync(database, _clock);
        await new ProjectBuilder().Named("Chongqing metro regenerative braking").Unsold().BuildAsync(database, _clock);
        await new ProjectBuilder().OwnedBy(Actors.OtherOwner).Named("Another Org's wind farm").BuildAsync(database, _clock);

        var ours = await database.AsRequestAsync(_clock, s => s.Projects.ListAsync(Actors.TransportOwner));
        var theirs = await database.AsRequestAsync(_clock, s => s.Projects.ListAsync(Actors.OtherOwner));

        Assert.Equal(["Chongqing metro regenerative braking", "Chongqing new-energy bus fleet"], ours.Select(p => p.Name));
        Assert.All(ours, p => Assert.Equal(Actors.TransportGroup, p.Organization));
        Assert.Equal(["Another Org's wind farm"], theirs.Select(p => p.Name));
    }

    [Theory]
    [InlineData("an owner without an organization", "register")]
    [InlineData("an owner without an organization", "list")]
    [InlineData("an owner without an organization", "read")]
    [InlineData("an owner without an organization", "fund a batch")]
    [InlineData("a citizen", "register")]
    [InlineData("a citizen", "list")]
    [InlineData("a citizen", "read")]
    [InlineData("a citizen", "submit a batch")]
    [InlineData("a mall admin", "register")]
    [InlineData("a mall admin", "record a sale")]
    public async Task Anyone_but_a_project_owner_with_an_organization_is_forbidden_and_writes_nothing(string who, string attempt)
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
        var batchId = await database.FundAsync(_clock, projectId, Batches.TwoYuanCoupons(100));
        var actor = who switch
        {
            "an owner without an organization" => Actors.OwnerWithoutOrganization,
            "a citizen" => Actors.Citizen,
            _ => Actors.MallAdmin,
        };

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.Forbidden,
            () => database.AsRequestAsync(_clock, s => Attempt(s.Projects, s.Batches, attempt, actor, projectId, batchId)));
    }

    private static Task Attempt(ProjectService projects, CouponBatchService batches, string attempt, Actor actor, long projectId, long batchId) => attempt switch
    {
        "register" => projects.RegisterAsync(actor,
            new ProjectDraft("A project of my own", "CQCER", "Buses", new DateOnly(2025, 1, 1), new DateOnly(2030, 12, 31))),
        "list" => projects.ListAsync(actor),
        "read" => projects.GetAsync(actor, projectId),
        "record an issuance" => projects.RecordIssuanceAsync(actor, projectId, new IssuanceDraft(10_000, 2025, "CQCER-2025-9999", new DateOnly(2026, 3, 1))),
        "record a sale" => projects.RecordSaleAsync(actor, projectId, new SaleDraft(1, new Fen(6_00), "A buyer", new DateOnly(2026, 3, 1))),
        "fund a batch" => batches.FundAsync(actor, projectId, Batches.TwoYuanCoupons(1)),
        "submit a batch" => batches.SubmitAsync(actor, batchId),
        _ => throw new ArgumentOutOfRangeException(nameof(attempt), attempt, null),
    };
}
