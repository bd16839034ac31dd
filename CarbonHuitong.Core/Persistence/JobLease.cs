namespace CarbonHuitong.Core.Persistence;

/// <summary>
/// A named lease on a scheduled job, held by one server until it expires: two servers running the job at once take
/// turns, on either store. <see cref="Progress"/> lets the job remember what it finished (the last expiry period).
/// </summary>
public sealed class JobLease
{
    public const int MaxNameLength = 64;
    public const int MaxHolderLength = 128;
    public const int MaxProgressLength = 64;

    private JobLease() { }

    public string Name { get; private set; } = "";
    public string Holder { get; private set; } = "";
    public DateTime ExpiresAt { get; private set; }
    public string? Progress { get; private set; }
}
