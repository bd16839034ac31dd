using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core;

/// <summary>One page of a list that is counted and paged in the database.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int TotalCount, int PageNumber, int PageSize)
{
    // In long arithmetic: a count near int.MaxValue plus a page size would otherwise wrap.
    public int PageCount => TotalCount == 0 ? 0 : (int)(((long)TotalCount + PageSize - 1) / PageSize);
}

/// <summary>
/// A page a client asked for: numbered from 1, at most <see cref="MaxSize"/> rows. Anything else is refused with
/// <see cref="ErrorCodes.BadPage"/> rather than clamped, so a client never gets a different page than it asked for.
/// </summary>
public readonly record struct PageRequest
{
    public const int MaxSize = 100;

    public int Number { get; }
    public int Size { get; }

    public PageRequest(int number, int size)
    {
        if (number < 1) throw new DomainException(ErrorCodes.BadPage, $"The page number is {number}; pages are numbered from 1.");
        if (size is < 1 or > MaxSize) throw new DomainException(ErrorCodes.BadPage, $"The page size is {size}; it must be 1 to {MaxSize}.");
        Number = number;
        Size = size;
    }

    /// <summary>How many rows come before this page; a long, since page × size can be past int.MaxValue.</summary>
    public long Offset => ((long)Number - 1) * Size;
}

public static class PageQueries
{
    /// <summary>
    /// Counts <paramref name="rows"/> and reads the requested page of <paramref name="ordered"/> (the same rows, ordered
    /// and projected), both in the database. A page past the last reads nothing and answers the real page count.
    /// </summary>
    public static async Task<Page<TView>> ToPageAsync<TRow, TView>(this IQueryable<TRow> rows, PageRequest request,
        Func<IQueryable<TRow>, IQueryable<TView>> ordered, CancellationToken ct = default)
    {
        var total = await rows.CountAsync(ct);
        // The offset is below the count here, so it fits the int that Skip takes.
        IReadOnlyList<TView> items = request.Offset >= total
            ? []
            : await ordered(rows).Skip((int)request.Offset).Take(request.Size).ToListAsync(ct);
        return new Page<TView>(items, total, request.Number, request.Size);
    }
}
