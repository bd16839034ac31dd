using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Transit;

public sealed record TerminalView(string Id, string LineId, string Name, bool IsActive, DateTime RegisteredAt, DateTime KeyIssuedAt);

/// <summary>Registers validators and issues their keys. A key is returned once and only its hash is kept.</summary>
public sealed class TerminalService(CarbonDbContext db, TimeProvider clock)
{
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
        return secret;
    }

    public async Task<IReadOnlyList<TerminalView>> ListAsync(CancellationToken ct = default) =>
        await db.Terminals.AsNoTracking().OrderBy(t => t.Id)
            .Select(t => new TerminalView(t.Id, t.LineId, t.Name, t.IsActive, t.RegisteredAt, t.KeyIssuedAt))
            .ToListAsync(ct);
}
