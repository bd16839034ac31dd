using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Identity;

/// <param name="Closed">Closed by its owner: no email, roles or organization are left to show, and nothing can be changed.</param>
public sealed record UserView(string Id, string Email, IReadOnlyList<string> Roles, string? Organization, bool LockedOut, DateTime RegisteredAt,
    bool Closed = false);

/// <summary>Mall administrators manage people: roles, a project owner's organization, and locking an account.</summary>
public sealed class UserAdminService(CarbonDbContext db, UserManager<ApplicationUser> users, AuditLog audit, TimeProvider clock)
{
    public async Task<Page<UserView>> ListAsync(Actor admin, string? search, int pageNumber, int pageSize, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        var request = new PageRequest(pageNumber, pageSize);
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var normalized = search.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(normalized));
        }
        var now = clock.GetUtcNow();
        var page = await query.ToPageAsync(request, rows => rows.OrderBy(u => u.NormalizedEmail)
            .Select(u => new
            {
                u.Id, u.Email, u.Organization, u.LockoutEnd, u.RegisteredAt,
                Closed = db.CarbonAccounts.Any(a => a.UserId == u.Id && a.ClosedAt != null),
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
            }), ct);
        var views = page.Items.Select(u => new UserView(u.Id, u.Email ?? "", u.Roles.Order().ToList(), u.Organization,
            u.LockoutEnd is { } end && end > now, u.RegisteredAt, u.Closed)).ToList();
        return new Page<UserView>(views, page.TotalCount, page.PageNumber, page.PageSize);
    }

    /// <summary>Sets a user's roles; a project owner must belong to an organization.</summary>
    public async Task SetRolesAsync(Actor admin, string userId, IReadOnlyCollection<string> roles, string? organization, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        if (roles.Except(Roles.All).Any()) throw new DomainException(ErrorCodes.BadRequest, "Unknown role.");
        organization = string.IsNullOrWhiteSpace(organization) ? null : organization.Trim();
        if (roles.Contains(Roles.ProjectOwner) && organization is null)
            throw new DomainException(ErrorCodes.BadRequest, "A project owner belongs to an organization: name it.");
        if (organization is { Length: > ApplicationUser.MaxOrganizationLength })
            throw new DomainException(ErrorCodes.BadRequest, $"An organization's name has at most {ApplicationUser.MaxOrganizationLength} characters.");
        if (userId == admin.UserId && !roles.Contains(Roles.MallAdmin))
            throw new DomainException(ErrorCodes.BadRequest, "You cannot remove your own administrator role.");

        await db.InWriteTransactionAsync(async () =>
        {
            var user = await FindOpenAsync(userId, ct);
            var current = await users.GetRolesAsync(user);
            var before = new { Roles = current.Order().ToList(), user.Organization };
            Check(await users.RemoveFromRolesAsync(user, current.Except(roles)));
            Check(await users.AddToRolesAsync(user, roles.Except(current)));
            user.Organization = roles.Contains(Roles.ProjectOwner) ? organization : null;
            // Sessions signed in with the old roles end (see Sessions:RevalidateSeconds); the next sign-in carries the new ones.
            if (!current.ToHashSet().SetEquals(roles) || user.Organization != before.Organization) Check(await users.UpdateSecurityStampAsync(user));
            Check(await users.UpdateAsync(user));
            audit.Record(admin, "user.roles", "User", userId, before, new { Roles = roles.Order().ToList(), user.Organization });
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    public Task LockAsync(Actor admin, string userId, CancellationToken ct = default) =>
        SetLockoutAsync(admin, userId, DateTimeOffset.MaxValue, "user.lock", ct);

    public Task UnlockAsync(Actor admin, string userId, CancellationToken ct = default) =>
        SetLockoutAsync(admin, userId, null, "user.unlock", ct);

    private async Task SetLockoutAsync(Actor admin, string userId, DateTimeOffset? until, string action, CancellationToken ct)
    {
        admin.RequireMallAdmin();
        if (userId == admin.UserId) throw new DomainException(ErrorCodes.BadRequest, "You cannot lock or unlock your own account.");
        await db.InWriteTransactionAsync(async () =>
        {
            var user = await FindOpenAsync(userId, ct);
            var before = new { user.LockoutEnd };
            Check(await users.SetLockoutEnabledAsync(user, true));
            Check(await users.SetLockoutEndDateAsync(user, until));
            if (until is null) Check(await users.ResetAccessFailedCountAsync(user));
            // A locked user's existing sign-ins stop at the next security-stamp check.
            Check(await users.UpdateSecurityStampAsync(user));
            audit.Record(admin, action, "User", userId, before, new { user.LockoutEnd });
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    /// <summary>A closed account keeps no roles and no sign-in: an administrator cannot give them back.</summary>
    private async Task<ApplicationUser> FindOpenAsync(string userId, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId) ?? throw new DomainException(ErrorCodes.NotFound, "There is no such user.");
        if (await db.CarbonAccounts.AnyAsync(a => a.UserId == userId && a.ClosedAt != null, ct))
            throw new DomainException(ErrorCodes.AccountClosed, "This account was closed by its owner; it cannot be changed.");
        return user;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new DomainException(ErrorCodes.BadRequest, string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
