using CarbonHuitong.Core;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Tests.Identity;

/// <summary>Mall admins give people roles (a project owner with their organization), lock and unlock accounts, and find users.</summary>
public sealed class UserAdminTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task Making_a_citizen_a_project_owner_of_an_organization_lets_them_sign_in_as_an_actor_who_sees_its_projects()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        await new ProjectBuilder().Named("Chongqing new-energy bus fleet").BuildAsync(database, _clock);
        var user = await new CitizenBuilder().Named("li.wei").BuildAsync(database, _clock);

        await database.AsRequestAsync(_clock, s => s.UserAdmin.SetRolesAsync(Actors.MallAdmin, user.UserId,
            [Roles.Citizen, Roles.ProjectOwner], "  Chongqing Public Transport Group "));

        await using var scope = AdminScope.Open(database, _clock);
        var stored = (await scope.Users.FindByIdAsync(user.UserId))!;
        Assert.Equal([Roles.Citizen, Roles.ProjectOwner], (await scope.Users.GetRolesAsync(stored)).Order());
        Assert.Equal(Actors.TransportGroup, stored.Organization);
        var signIn = new CarbonClaimsPrincipalFactory(scope.Users, scope.Get<RoleManager<IdentityRole>>(), scope.Get<IOptions<IdentityOptions>>(),
            scope.Db);
        var actor = CarbonClaimsPrincipalFactory.ActorOf(await signIn.CreateAsync(stored))!;
        Assert.Equal((user.UserId, Actors.TransportGroup, true), (actor.UserId, actor.Organization, actor.IsProjectOwner));
        Assert.Equal(user.AccountId, CarbonClaimsPrincipalFactory.AccountIdOf(await signIn.CreateAsync(stored)));
        Assert.Equal(["Chongqing new-energy bus fleet"], (await scope.Projects.ListAsync(actor)).Select(p => p.Name));
    }

    [Fact]
    public async Task Taking_the_project_owner_role_away_also_takes_away_the_organization()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var user = await new CitizenBuilder().BuildAsync(database, _clock);
        await database.AsRequestAsync(_clock, s => s.UserAdmin.SetRolesAsync(Actors.MallAdmin, user.UserId, [Roles.ProjectOwner], Actors.TransportGroup));

        await database.AsRequestAsync(_clock, s => s.UserAdmin.SetRolesAsync(Actors.MallAdmin, user.UserId, [Roles.Citizen], Actors.TransportGroup));

        var view = Assert.Single((await database.AsRequestAsync(_clock, s => s.UserAdmin.ListAsync(Actors.MallAdmin, user.UserName, 1, 10))).Items);
        Assert.Equal([Roles.Citizen], view.Roles);
        Assert.Null(view.Organization);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_project_owner_without_an_organization_is_refused_with_bad_request_and_writes_nothing(string? organization)
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var user = await new CitizenBuilder().BuildAsync(database, _clock);

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.BadRequest, () => database.AsRequestAsync(_clock,
            s => s.UserAdmin.SetRolesAsync(Actors.MallAdmin, user.UserId, [Roles.Citizen, Roles.ProjectOwner], organization)));
    }

    [Theory]
    [InlineData("SuperAdmin")]
    [InlineData("mallAdmin")]
    public async Task An_unknown_role_is_refused_with_bad_request_and_writes_nothing(string role)
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var user = await new CitizenBuilder().BuildAsync(database, _clock);

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.BadRequest, () => database.AsRequestAsync(_clock,
            s => s.UserAdmin.SetRolesAsync(Actors.MallAdmin, user.UserId, [Roles.Citizen, role], null)));
    }

    [Fact]
    public async Task An_admin_cannot_remove_their_own_mall_admin_role_bad_request_and_nothing_written()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var user = await new CitizenBuilder().Named("wang.fang").BuildAsync(database, _clock);
        await database.AsRequestAsync(_clock, s => s.UserAdmin.SetRolesAsync(Actors.MallAdmin, user.UserId, [Roles.Citizen, Roles.MallAdmin], null));
        var self = new Actor(user.UserId, "wang.fang@example.test", [Roles.Citizen, Roles.MallAdmin], null);

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.BadRequest,
            () => database.AsRequestAsync(_clock, s => s.UserAdmin.SetRolesAsync(self, user.UserId, [Roles.Citizen], null)));
    }

    [Fact]
    public async Task Roles_for_a_user_who_does_not_exist_are_refused_with_not_found_and_write_nothing()
    {
        await using var database = await InitializedDatabase.CopyAsync();

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.NotFound,
            () => database.AsRequestAsync(_clock, s => s.UserAdmin.SetRolesAsync(Actors.MallAdmin, "no-such-user", [Roles.Citizen], null)));
    }

    [Fact]
    public async Task A_locked_user_is_locked_out_and_an_unlocked_one_is_not()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var user = await new CitizenBuilder().BuildAsync(database, _clock);

        await database.AsRequestAsync(_clock, s => s.UserAdmin.LockAsync(Actors.MallAdmin, user.UserId));

        Assert.True(await IsLockedOutAsync(database, user));
        Assert.True(Assert.Single((await database.AsRequestAsync(_clock, s => s.UserAdmin.ListAsync(Actors.MallAdmin, null, 1, 10))).Items).LockedOut);

        await database.AsRequestAsync(_clock, s => s.UserAdmin.UnlockAsync(Actors.MallAdmin, user.UserId));

        Assert.False(await IsLockedOutAsync(database, user));
        Assert.False(Assert.Single((await database.AsRequestAsync(_clock, s => s.UserAdmin.ListAsync(Actors.MallAdmin, null, 1, 10))).Items).LockedOut);
    }

    [Fact]
    public async Task Locking_changes_the_security_stamp_so_existing_sign_ins_end()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var user = await new CitizenBuilder().BuildAsync(database, _clock);
        var stampBefore = await database.AsRequestAsync(_clock, async s => await s.Users.GetSecurityStampAsync((await s.Users.FindByIdAsync(user.UserId))!));

        await database.AsRequestAsync(_clock, s => s.UserAdmin.LockAsync(Actors.MallAdmin, user.UserId));

        var stampAfter = await database.AsRequestAsync(_clock, async s => await s.Users.GetSecurityStampAsync((await s.Users.FindByIdAsync(user.UserId))!));
        Assert.NotEqual(stampBefore, stampAfter);
    }

    [Theory]
    [InlineData("lock")]
    [InlineData("unlock")]
    public async Task An_admin_cannot_lock_or_unlock_their_own_account_bad_request_and_nothing_written(string attempt)
    {
        await using var database = await InitializedDatabase.CopyAsync();

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.BadRequest, () => database.AsRequestAsync(_clock, s => attempt == "lock"
            ? s.UserAdmin.LockAsync(Actors.MallAdmin, Actors.MallAdmin.UserId)
            : s.UserAdmin.UnlockAsync(Actors.MallAdmin, Actors.MallAdmin.UserId)));
    }

    [Theory]
    [InlineData("list")]
    [InlineData("roles")]
    [InlineData("lock")]
    [InlineData("unlock")]
    public async Task Only_a_mall_admin_may_manage_users_a_project_owner_is_forbidden_and_writes_nothing(string attempt)
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var user = await new CitizenBuilder().BuildAsync(database, _clock);
        var owner = Actors.TransportOwner;

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.Forbidden, () => database.AsRequestAsync(_clock, s => attempt switch
        {
            "list" => s.UserAdmin.ListAsync(owner, null, 1, 10),
            "roles" => s.UserAdmin.SetRolesAsync(owner, user.UserId, [Roles.Citizen, Roles.MallAdmin], null),
            "lock" => s.UserAdmin.LockAsync(owner, user.UserId),
            _ => s.UserAdmin.UnlockAsync(owner, user.UserId),
        }));
    }

    [Fact]
    public async Task Users_are_searched_by_any_part_of_their_email_whatever_its_case_and_read_in_pages()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        foreach (var name in new[] { "zhang.alice", "alice.chen", "bob", "Alice.Li", "carol", "malice", "ali" })
            await new CitizenBuilder().Named(name).BuildAsync(database, _clock);

        var pages = new List<Page<Core.Identity.UserView>>();
        for (var page = 1; page <= 3; page++)
            pages.Add(await database.AsRequestAsync(_clock, s => s.UserAdmin.ListAsync(Actors.MallAdmin, " ALICE ", page, 2)));

        Assert.All(pages, p => Assert.Equal((4, 2), (p.TotalCount, p.PageCount)));
        Assert.Equal([["alice.chen@example.test", "Alice.Li@example.test"], ["malice@example.test", "zhang.alice@example.test"], []],
            pages.Select(p => p.Items.Select(u => u.Email).ToArray()));
        Assert.Equal(7, (await database.AsRequestAsync(_clock, s => s.UserAdmin.ListAsync(Actors.MallAdmin, null, 1, 100))).TotalCount);
    }

    private async Task<bool> IsLockedOutAsync(TestDatabase database, Citizen user) =>
        await database.AsRequestAsync(_clock, async s => await s.Users.IsLockedOutAsync((await s.Users.FindByIdAsync(user.UserId))!));
}
