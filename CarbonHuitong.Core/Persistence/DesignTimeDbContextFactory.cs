using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CarbonHuitong.Core.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the web app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CarbonDbContext>
{
    public CarbonDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CarbonDbContext>().UseSqlite("Data Source=design-time.db");
        return new CarbonDbContext(options.Options);
    }
}

/// <summary>For <c>dotnet ef migrations add X --context PostgresCarbonDbContext</c>; needs no server.</summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresCarbonDbContext>
{
    public PostgresCarbonDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresCarbonDbContext>().UseNpgsql("Host=localhost;Database=carbonhuitong_design");
        return new PostgresCarbonDbContext(options.Options);
    }
}
