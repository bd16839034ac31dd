using CarbonHuitong.Core.Persistence;
using Npgsql;

namespace CarbonHuitong.Tests.Persistence;

public sealed class PostgresConnectionTests
{
    private const string Server = "Host=127.0.0.1;Port=5432;Database=carbonhuitong;Username=carbonhuitong";

    [Fact]
    public void Row_locks_are_waited_for_no_longer_than_the_busy_timeout()
    {
        var built = new NpgsqlConnectionStringBuilder(StoreSettings.ForPostgres(Server, TimeSpan.FromSeconds(3)));

        Assert.Equal("-c lock_timeout=3000", built.Options);
    }

    [Fact]
    public void Options_already_configured_are_kept_beside_the_lock_timeout()
    {
        var built = new NpgsqlConnectionStringBuilder(StoreSettings.ForPostgres(Server + ";Options=-c statement_timeout=9000", TimeSpan.FromSeconds(5)));

        Assert.Equal("-c statement_timeout=9000 -c lock_timeout=5000", built.Options);
    }

    [Fact]
    public void Frequent_statements_are_prepared_on_the_server_by_default()
    {
        var built = new NpgsqlConnectionStringBuilder(StoreSettings.ForPostgres(Server, TimeSpan.FromSeconds(5)));

        Assert.Equal(StoreSettings.AutoPreparedStatements, built.MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Max Auto Prepare=0", 0)]
    [InlineData("Max Auto Prepare=8", 8)]
    [InlineData("max auto prepare=0", 0)]
    public void A_configured_automatic_preparation_is_respected(string setting, int expected)
    {
        var built = new NpgsqlConnectionStringBuilder(StoreSettings.ForPostgres($"{Server};{setting}", TimeSpan.FromSeconds(5)));

        Assert.Equal(expected, built.MaxAutoPrepare);
    }

    [Fact]
    public void A_string_that_is_not_for_postgresql_stops_the_start_with_what_to_fix()
    {
        var refused = Assert.Throws<StoreConfigurationException>(() => StoreSettings.ForPostgres("Data Source=data/carbonhuitong.db", TimeSpan.FromSeconds(5)));

        Assert.Contains("ConnectionStrings:CarbonHuitong is not a PostgreSQL connection string", refused.Message);
    }
}
