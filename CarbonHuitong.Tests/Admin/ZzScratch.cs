using System.Diagnostics;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
namespace CarbonHuitong.Tests.Admin;
public sealed class ZzScratch(ITestOutputHelper output)
{
    [Fact]
    public async Task Timing()
    {
        var clock = new TestClock();
        var sw = Stopwatch.StartNew();
        await using var database = await InitializedDatabase.CopyAsync();
        output.WriteLine($"create db {sw.ElapsedMilliseconds}"); sw.Restart();
        await database.AsRequestAsync(clock, s => s.Db.EmissionProjects.CountAsync());
        output.WriteLine($"1st scope {sw.ElapsedMilliseconds}"); sw.Restart();
        for (var i = 0; i < 20; i++) await database.AsRequestAsync(clock, s => s.Db.EmissionProjects.CountAsync());
        output.WriteLine($"20 scopes {sw.ElapsedMilliseconds}"); sw.Restart();
        await using var database2 = await InitializedDatabase.CopyAsync();
        sw.Restart();
        await database2.AsRequestAsync(clock, s => s.Db.EmissionProjects.CountAsync());
        output.WriteLine($"1st scope db2 {sw.ElapsedMilliseconds}"); sw.Restart();
        for (var i = 0; i < 20; i++) { await using var db = database.CreateContext(); await db.EmissionProjects.CountAsync(); }
        output.WriteLine($"20 contexts {sw.ElapsedMilliseconds}"); sw.Restart();
        for (var i = 0; i < 5; i++) await DatabaseSnapshot.TakeAsync(database);
        output.WriteLine($"5 snapshots {sw.ElapsedMilliseconds}"); sw.Restart();
        for (var i = 0; i < 5; i++) await (await InitializedDatabase.CopyAsync()).DisposeAsync();
        output.WriteLine($"5 dbs {sw.ElapsedMilliseconds}"); sw.Restart();
    }
}
