using Microsoft.Data.Sqlite;
using Npgsql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using static SQLitePCL.raw;

namespace CarbonHuitong.Core.Persistence;

/// <summary>
/// The one place where a store that could not answer in time becomes a refusal with the code
/// <see cref="ErrorCodes.Unavailable"/> (503 with Retry-After in the API), instead of a provider's exception (a 500).
/// It is applied to every EF query and save by <see cref="StoreUnavailableStrategy"/>, and by <see cref="WriteTransactions"/>
/// to BEGIN and COMMIT, which EF runs outside its execution strategy. Services never see the provider's exception.
/// </summary>
public static class StoreUnavailable
{
    /// <summary>
    /// Whether the failure, or anything it wraps (EF wraps a failed save in <see cref="DbUpdateException"/>), says
    /// the store was locked or out of reach rather than that the request was wrong, on SQLite or PostgreSQL.
    /// </summary>
    public static bool Matches(Exception failure)
    {
        for (var cause = failure; cause is not null; cause = cause.InnerException)
        {
            if (cause is DomainException) return false;
            if (cause is SqliteException { SqliteErrorCode: SQLITE_BUSY or SQLITE_LOCKED }) return true;
            // lock_not_available (its lock_timeout), query_canceled (the command timeout), too_many_connections,
            // and a server that cannot be reached or went away mid-request.
            // A deadlock (40P01) would mean a bug in the lock order; refused and retried with the client's own id, it
            // still writes once.
            if (cause is PostgresException { SqlState: "55P03" or "57014" or "53300" or "57P01" or "57P03" or "40P01" }) return true;
            if (cause is NpgsqlException { IsTransient: true }) return true;
        }
        return false;
    }

    /// <summary>The refusal to throw in place of <paramref name="failure"/>, or null when it is some other failure.</summary>
    public static DomainException? RefusalFor(Exception failure) => Matches(failure)
        ? new DomainException(ErrorCodes.Unavailable, "The service is busy and could not take this request; nothing was half-written. Try again in a moment.", failure)
        : null;
}

/// <summary>
/// Wraps the provider's execution strategy, which EF runs around every query, save and bulk update (reads
/// included), so that a store that stayed locked past its busy timeout is refused as <see cref="ErrorCodes.Unavailable"/>.
/// It never retries: the lock has already been waited on for the whole busy timeout, and the client may retry.
/// Each refusal is logged as a warning with the provider's exception: the client only sees a 503, and EF's own
/// error lines for failed statements are kept at Debug (see <see cref="DependencyInjection"/>).
/// </summary>
internal sealed class StoreUnavailableStrategy(IExecutionStrategy inner, ILogger logger) : IExecutionStrategy
{
    public bool RetriesOnFailure => inner.RetriesOnFailure;

    public TResult Execute<TState, TResult>(TState state, Func<DbContext, TState, TResult> operation,
        Func<DbContext, TState, ExecutionResult<TResult>>? verifySucceeded)
    {
        try
        {
            return inner.Execute(state, operation, verifySucceeded);
        }
        catch (Exception failure) when (StoreUnavailable.RefusalFor(failure) is { } refusal)
        {
            throw Logged(refusal);
        }
    }

    public async Task<TResult> ExecuteAsync<TState, TResult>(TState state, Func<DbContext, TState, CancellationToken, Task<TResult>> operation,
        Func<DbContext, TState, CancellationToken, Task<ExecutionResult<TResult>>>? verifySucceeded, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ExecuteAsync(state, operation, verifySucceeded, cancellationToken);
        }
        catch (Exception failure) when (StoreUnavailable.RefusalFor(failure) is { } refusal)
        {
            throw Logged(refusal);
        }
    }

    private DomainException Logged(DomainException refusal)
    {
        logger.LogWarning(refusal.InnerException, "The store could not answer in time; the request was refused as unavailable.");
        return refusal;
    }
}
