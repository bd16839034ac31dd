using CarbonHuitong.Core;
using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Funding;

/// <summary>
/// A project's texts are checked by the domain against the columns they are stored in, so an overlong one is a clear
/// refusal on either store (PostgreSQL would otherwise answer error 22001, a 500) and never half-written.
/// </summary>
public abstract class ProjectRegistrationTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task A_project_name_of_201_characters_is_refused_as_bad_request_and_writes_nothing()
    {
        await using var database = await stores.CreateAsync();
        await using var db = database.CreateContext();

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Register(db, new string('项', EmissionProject.MaxNameLength + 1)));

        Assert.Equal(ErrorCodes.BadRequest, refusal.Code);
        Assert.Equal(0, await db.EmissionProjects.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [SkippableFact]
    public async Task A_project_name_of_200_characters_is_kept_whole()
    {
        await using var database = await stores.CreateAsync();
        await using var db = database.CreateContext();
        var name = new string('项', EmissionProject.MaxNameLength);

        var projectId = await Register(db, name);

        Assert.Equal(name, (await db.EmissionProjects.AsNoTracking().SingleAsync(p => p.Id == projectId)).Name);
    }

    [SkippableTheory]
    [InlineData("methodology")]
    [InlineData("scenario")]
    public async Task An_overlong_methodology_or_scenario_is_refused_as_bad_request(string field)
    {
        await using var database = await stores.CreateAsync();
        await using var db = database.CreateContext();
        var tooLong = new string('x', EmissionProject.MaxScenarioLength + 1);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Register(db, "Bus fleet",
            methodology: field == "methodology" ? tooLong : "CQCER-001", scenario: field == "scenario" ? tooLong : "Buses"));

        Assert.Equal(ErrorCodes.BadRequest, refusal.Code);
        Assert.Equal(0, await db.EmissionProjects.CountAsync());
    }

    private Task<long> Register(CarbonHuitong.Core.Persistence.CarbonDbContext db, string name, string methodology = "CQCER-001", string scenario = "Buses") =>
        new ProjectService(db, new AuditLog(db, _clock), _clock).RegisterAsync(Actors.TransportOwner,
            new ProjectDraft(name, methodology, scenario, new DateOnly(2025, 1, 1), new DateOnly(2030, 12, 31)));
}

public sealed class ProjectRegistrationTestsOnSqlite() : ProjectRegistrationTests(SqliteTestStores.Instance)
{
}

public sealed class ProjectRegistrationTestsOnPostgres(PostgresTestStores postgres) : ProjectRegistrationTests(postgres), IClassFixture<PostgresTestStores>
{
}
