using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CarbonHuitong.Tests.Support;

/// <summary>Counts the SQL commands a context sends: a set-based check sends as many for ten thousand rows as for ten.</summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private int _commands;

    public int Commands => Volatile.Read(ref _commands);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _commands);
        return base.ReaderExecutingAsync(command, eventData, result, ct);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _commands);
        return base.ScalarExecutingAsync(command, eventData, result, ct);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _commands);
        return base.NonQueryExecutingAsync(command, eventData, result, ct);
    }
}
