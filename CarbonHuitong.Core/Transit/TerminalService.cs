using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Transit;

public sealed record TerminalView(string Id, string LineId, string Name, bool IsActive, DateTime RegisteredAt, DateTime KeyIssuedAt);

/// <summary>Registers validators and issues their keys. A key is returned once and only its hash is kept.</summary>
public sealed class TerminalService(CarbonDbContext db, TimeProvider clock, AuditLog? audit = null, ReferenceDataCache? referenceData = null)
{
    /// <summary>A mall administrator registers a validator; the returned key is shown once.</summary>
    public async Task<string> RegisterAsync(Actor admin, string id, string lineId, string name, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        return await db.InWriteTransactionAsync(async () =>
        {
            var secret = await RegisterAsync(id, lineId, name, null, ct);
            audit?.Record(admin, "terminal.register", nameof(Terminal), id, null, new { id, lineId, name });
            await db.SaveChangesAsync(ct);
            return secret;
        }, ct);
    }

    /// <summary>
    /// A mall administrator issues a validator a new key; the old one stops working at once on this server, and within
    /// <see cref="ReferenceDataCache.MaxAge"/> on the others.
    /// </summary>
    public async Task<string> RotateKeyAsync(Actor admin, string id, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        return await db.InWriteTransactionAsync(async () =>
        {
            var before = await db.Terminals.Where(t => t.Id == id).Select(t => (DateTime?)t.KeyIssuedAt).SingleOrDefaultAsync(ct);
            var secret = await RotateKeyAsync(id, ct);
            audit?.Record(admin, "terminal.rotate_key", nameof(Terminal), id, new { KeyIssuedAt = before }, new { KeyIssuedAt = clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(ct);
            return secret;
        }, ct);
    }

    /// <param name="secret">A given key (the demo terminal's, from configuration); null makes a random one.</param>
    public async Task<string> RegisterAsync(string id, string lineId, string name, string? secret = null, CancellationToken ct = default)
    {
        if (await db.Terminals.AnyAsync(t => t.Id == id, ct))
            throw new DomainException(ErrorCodes.BadRequest, $"A terminal with id '{id}' is already registered.");
        var (terminal, issued) = Terminal.Register(id, lineId, name, clock.GetUtcNow().UtcDateTime, secret);
        db.Terminals.Add(terminal);
        await db.SaveChangesAsync(ct);
        return issued;
    }

    public async Task<string> RotateKeyAsync(string id, CancellationToken ct = default)
    {
        var terminal = await db.Terminals.SingleOrDefaultAsync(t => t.Id == id, ct)
            ?? throw new DomainException(ErrorCodes.NotFound, $"There is no terminal '{id}'.");
        var secret = terminal.IssueKey(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        referenceData?.Clear();
        return secret;
    }

    public async Task<IReadOnlyList<TerminalView>> ListAsync(CancellationToken ct = default) =>
        await db.Terminals.AsNoTracking().OrderBy(t => t.Id)
            .Select(t => new TerminalView(t.Id, t.LineId, t.Name, t.IsActive, t.RegisteredAt, t.KeyIssuedAt))
            .ToListAsync(ct);
}
