using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Lifecycle;
using CarbonHuitong.Web.Lifecycle;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Tests.Web;

/// <summary>The credits' lifecycle job runs in the app as a hosted service, with its settings checked at start.</summary>
public sealed class LifecycleWorkerTests : IAsyncLifetime
{
    private readonly CarbonHuitongApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_app_runs_the_lifecycle_job_as_a_hosted_service_with_the_shipped_settings()
    {
        _app.CreateClient();
        var worker = Assert.Single(_app.Services.GetServices<IHostedService>().OfType<LifecycleWorker>());

        LifecycleReport? report = null;
        // The run the worker makes at start may hold the job's lease a moment longer.
        for (var attempt = 0; attempt < 50 && report is not { Ran: true }; attempt++)
        {
            report = await worker.RunOnceAsync(CancellationToken.None);
            Assert.NotNull(report);
            if (!report.Ran) await Task.Delay(100);
        }

        Assert.True(report!.Ran);
        Assert.Equal(["pending events confirmed", "accounts with credits expired"], report.Steps.Take(2).Select(s => s.Step));
        Assert.All(report.Steps.Take(2), s => Assert.Equal(0, s.Count));
        var lifecycle = _app.Services.GetRequiredService<IOptions<LifecycleOptions>>().Value;
        var expiry = _app.Services.GetRequiredService<IOptions<ExpiryOptions>>().Value;
        Assert.Equal((60, 30, 1, 200), (lifecycle.RunEveryMinutes, lifecycle.LeaseMinutes, expiry.ValidYears, expiry.BatchSize));
        Assert.Contains($"{Environment.MachineName}/{Environment.ProcessId}", LifecycleWorker.Holder);
    }

    [Fact]
    public async Task A_failing_run_is_logged_and_the_app_and_the_next_run_go_on()
    {
        var probe = new StepProbe();
        await using var app = new CarbonHuitongApp
        {
            TestServices = s => s.AddSingleton(probe).AddScoped<ILifecycleStep, FailingStep>(),
        };
        using var client = app.CreateClient();
        var worker = Assert.Single(app.Services.GetServices<IHostedService>().OfType<LifecycleWorker>());

        var failed = 0;
        for (var attempt = 0; attempt < 100 && failed < 2; attempt++)
        {
            // A report means the start's run still held the lease; null means the run failed and was logged.
            if (await worker.RunOnceAsync(CancellationToken.None) is { } report) Assert.False(report.Ran);
            else failed++;
            await Task.Delay(50);
        }

        Assert.Equal(2, failed);
        Assert.True(probe.Runs >= 2);
        Assert.True((await client.GetAsync("/")).IsSuccessStatusCode);
    }

    public sealed class StepProbe
    {
        private int _runs;
        public int Runs => _runs;
        public void Ran() => Interlocked.Increment(ref _runs);
    }

    private sealed class FailingStep(StepProbe probe) : ILifecycleStep
    {
        public string Name => "a step that fails";

        public Task<long> RunAsync(CancellationToken ct)
        {
            probe.Ran();
            throw new InvalidOperationException("The step failed.");
        }
    }

    [Theory]
    [InlineData("Lifecycle:RunEveryMinutes", "0", "Lifecycle:RunEveryMinutes must be 1 to")]
    [InlineData("Lifecycle:LeaseMinutes", "100000", "Lifecycle:LeaseMinutes must be 1 to")]
    [InlineData("Expiry:ValidYears", "0", "Expiry:ValidYears must be 1 to 50")]
    [InlineData("Expiry:BatchSize", "5001", "Expiry:BatchSize must be 1 to 5,000")]
    public void A_setting_out_of_range_stops_the_start_with_what_to_fix(string setting, string value, string message)
    {
        using var app = _app.WithWebHostBuilder(b => b.UseSetting(setting, value));

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(message, failure.ToString());
    }
}
