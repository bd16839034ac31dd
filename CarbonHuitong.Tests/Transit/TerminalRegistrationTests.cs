using CarbonHuitong.Core;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Transit;

/// <summary>Only a mall administrator registers a validator or issues it a key, and each one is audited with the change.</summary>
public sealed class TerminalRegistrationTests
{
    private readonly TestClock _clock = new();

    public static TheoryData<string> NotMallAdmins => ["citizen", "project owner"];

    [Theory]
    [MemberData(nameof(NotMallAdmins))]
    public async Task Anyone_but_a_mall_admin_registering_a_validator_is_forbidden_and_writes_nothing(string who)
    {
        await using var database = await InitializedDatabase.CopyAsync();

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.Forbidden, () => database.AsRequestAsync(_clock,
            s => s.Terminals.RegisterAsync(ActorFor(who), "CQ-871-0009", "871", "Line 871, back door")));
    }

    [Theory]
    [MemberData(nameof(NotMallAdmins))]
    public async Task Anyone_but_a_mall_admin_rotating_a_validators_key_is_forbidden_and_writes_nothing(string who)
    {
        await using var database = await InitializedDatabase.CopyAsync();
        await database.RegisterTerminalAsync(_clock, id: "CQ-871-0009");

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.Forbidden, () => database.AsRequestAsync(_clock,
            s => s.Terminals.RotateKeyAsync(ActorFor(who), "CQ-871-0009")));
    }

    [Fact]
    public async Task A_registration_and_a_rotation_are_each_audited_with_the_admin_and_never_with_the_key()
    {
        await using var database = await InitializedDatabase.CopyAsync();

        var key = await database.AsRequestAsync(_clock, s => s.Terminals.RegisterAsync(Actors.MallAdmin, "CQ-871-0009", "871", "Line 871, back door"));
        _clock.Advance(TimeSpan.FromMinutes(5));
        var rotated = await database.AsRequestAsync(_clock, s => s.Terminals.RotateKeyAsync(Actors.SecondMallAdmin, "CQ-871-0009"));

        await using var db = database.CreateContext();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == nameof(Terminal)).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([("terminal.register", Actors.MallAdmin.UserId), ("terminal.rotate_key", Actors.SecondMallAdmin.UserId)],
            entries.Select(e => (e.Action, e.ActorUserId)));
        Assert.All(entries, e => Assert.Equal("CQ-871-0009", e.EntityId));
        Assert.All(entries, e => Assert.DoesNotContain(key, (e.Before ?? "") + e.After));
        Assert.All(entries, e => Assert.DoesNotContain(rotated, (e.Before ?? "") + e.After));
        Assert.Contains("\"lineId\":\"871\"", entries[0].After);
    }

    [Fact]
    public async Task A_validator_name_longer_than_the_column_is_refused_as_bad_request()
    {
        await using var database = await InitializedDatabase.CopyAsync();

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.BadRequest, () => database.AsRequestAsync(_clock,
            s => s.Terminals.RegisterAsync(Actors.MallAdmin, "CQ-871-0009", "871", new string('门', Terminal.MaxNameLength + 1))));
    }

    [Fact]
    public async Task Only_a_mall_admin_scans_through_the_validator_simulator()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var terminal = await database.RegisterTerminalAsync(_clock);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var scan = TransitBuilder.Scan(rideCodes.Issue(citizen.AccountId).Token, _clock);

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.Forbidden, async () =>
        {
            await using var db = database.CreateContext();
            await CoreServices.Scans(db, rideCodes, _clock).RecordRideAtTerminalAsync(Actors.Citizen, terminal.Id, scan);
        });
        await using (var db = database.CreateContext())
            Assert.True((await CoreServices.Scans(db, rideCodes, _clock).RecordRideAtTerminalAsync(Actors.MallAdmin, terminal.Id, scan)).Accepted);
    }

    private static Actor ActorFor(string who) => who == "citizen" ? Actors.Citizen : Actors.TransportOwner;
}
