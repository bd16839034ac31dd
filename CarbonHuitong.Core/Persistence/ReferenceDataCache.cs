using System.Collections.Concurrent;

namespace CarbonHuitong.Core.Persistence;

/// <summary>
/// Small reference data read on every scan (the validators' keys, the methodology's factors) that changes a few
/// times a year. A value is kept for <see cref="MaxAge"/>: a change made through this server clears it at once, a change
/// made through another server is seen within <see cref="MaxAge"/>. Only values that were found are kept, so unknown
/// keys cannot fill it.
/// </summary>
public sealed class ReferenceDataCache(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<object, (object Value, DateTimeOffset ReadAt)> _values = new();

    public async ValueTask<T?> GetOrReadAsync<T>(object key, Func<Task<T?>> read) where T : class
    {
        var now = clock.GetUtcNow();
        if (_values.TryGetValue(key, out var kept) && now - kept.ReadAt < MaxAge) return (T)kept.Value;
        var value = await read();
        if (value is not null) _values[key] = (value, now);
        return value;
    }

    public void Clear() => _values.Clear();
}
