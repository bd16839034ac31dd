using CarbonHuitong.Core.Behaviours;

namespace CarbonHuitong.Tests.Support;

/// <summary>A valid earn event with a fresh event id; vary it with <c>with { ... }</c>.</summary>
public static class EarnRequests
{
    public const string TestSource = "test-feed";

    public static EarnRequest Of(long accountId, string behaviourCode, decimal quantity, DateTime occurredAtUtc,
        string source = TestSource, string? externalEventId = null) =>
        new(accountId, behaviourCode, quantity, source, externalEventId ?? Guid.NewGuid().ToString("N"), occurredAtUtc);
}
