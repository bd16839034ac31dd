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
