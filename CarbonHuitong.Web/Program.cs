using CarbonHuitong.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddCarbonHuitongWeb();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseCarbonHuitongPipeline();
app.MapCarbonHuitong();

app.Run();

public partial class Program;
