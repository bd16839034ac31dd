using CarbonHuitong.Core.Privacy;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Web.Privacy;

/// <summary>The retention periods from settings (section <c>Retention</c>), checked at start, and the scheduled clean-up.</summary>
public static class PrivacySetup
{
    public static IServiceCollection AddCarbonHuitongPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionPeriodsValidation>();
        services.AddHostedService<RetentionWorker>();
        return services;
    }
}

/// <summary>A period out of range (logs kept less than six months, say) stops the start with what to fix.</summary>
internal sealed class RetentionPeriodsValidation : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}

/// <summary>
/// Runs <see cref="RetentionService"/> at start and then every <see cref="RetentionOptions.RunEveryHours"/>, on the
/// app's <see cref="TimeProvider"/>. A failed run is logged and the next one tries again; it never stops the app.
/// </summary>
public sealed partial class RetentionWorker(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, TimeProvider clock,
    ILogger<RetentionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(options.Value.RunEveryHours), clock);
        do
        {
            await RunOnceAsync(stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>One clean-up, in its own scope; what it erased goes to the log.</summary>
    public async Task<RetentionReport?> RunOnceAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<RetentionService>().RunAsync(ct);
            if (report.Total > 0) Erased(report.ToString());
            return report;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention clean-up erased {Erased}")]
    private partial void Erased(string erased);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention clean-up failed; the next run tries again")]
    private partial void Failed(Exception failure);
}
