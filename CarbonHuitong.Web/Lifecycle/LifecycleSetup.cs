using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Lifecycle;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Web.Lifecycle;

/// <summary>
/// The credits' lifecycle from settings (sections <c>Lifecycle</c> and <c>Expiry</c>), checked at start, and the job
/// that runs it on a schedule in the app.
/// </summary>
public static class LifecycleSetup
{
    public static IServiceCollection AddCarbonHuitongLifecycle(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LifecycleOptions>().Bind(configuration.GetSection(LifecycleOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LifecycleOptions>, SettingsProblem<LifecycleOptions>>(_ => new(o => o.Problem()));
        services.AddOptions<ExpiryOptions>().Bind(configuration.GetSection(ExpiryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExpiryOptions>, SettingsProblem<ExpiryOptions>>(_ => new(o => o.Problem()));
        services.AddHostedService<LifecycleWorker>();
        return services;
    }
}

/// <summary>A setting out of range (a run every 0 minutes, credits valid for 0 years) stops the start with what to fix.</summary>
internal sealed class SettingsProblem<TOptions>(Func<TOptions, string?> problem) : IValidateOptions<TOptions> where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        problem(options) is { } found ? ValidateOptionsResult.Fail(found) : ValidateOptionsResult.Success;
}

/// <summary>
/// Runs <see cref="CreditLifecycle"/> (confirm overdue pending events, expire credits, and whatever steps follow) at
/// start and then every <see cref="LifecycleOptions.RunEveryMinutes"/>, on the app's <see cref="TimeProvider"/>. The
/// job's lease in the database keeps two servers from running it at once. A failed run is logged and the next one
/// tries again; it never stops the app.
/// </summary>
public sealed partial class LifecycleWorker(IServiceScopeFactory scopes, IOptions<LifecycleOptions> options, TimeProvider clock,
    ILogger<LifecycleWorker> logger) : BackgroundService
{
    /// <summary>This server's process, as the job's lease names its holder.</summary>
    public static string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.RunEveryMinutes), clock);
        do
        {
            await RunOnceAsync(stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>One run, in its own scope; the job logs what each step did.</summary>
    /// <returns>The run's report, or null when it failed.</returns>
    public async Task<LifecycleReport?> RunOnceAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<CreditLifecycle>().RunAsync(Holder, ct);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            Failed(failure);
            return null;
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The credit lifecycle job failed; the next run tries again")]
    private partial void Failed(Exception failure);
}
