namespace CarbonHuitong.Tests.Support;

/// <summary>What the machine running the tests says about itself.</summary>
public static class TestEnvironment
{
    /// <summary>Under CI=true every test must run: a missing browser or database server fails rather than skips.</summary>
    public static readonly bool InCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
