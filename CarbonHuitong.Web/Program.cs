using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Web;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddCarbonHuitongWeb();

    var app = builder.Build();
    await app.PrepareDatabaseAsync();
    app.UseCarbonHuitongPipeline();
    app.MapCarbonHuitong();

    app.Run();
    return 0;
}
catch (StoreConfigurationException wrong)
{
    // A wrong store setting is the operator's to fix: one line saying what, not a stack trace.
    Console.Error.WriteLine($"Carbon Huitong cannot start: {wrong.Message}");
    return 1;
}

public partial class Program;
