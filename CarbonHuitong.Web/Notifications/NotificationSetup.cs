using CarbonHuitong.Core.Notifications;

namespace CarbonHuitong.Web.Notifications;

/// <summary>The notification settings (section <c>Notifications</c>), checked at start, and the bell's signal.</summary>
public static class NotificationSetup
{
    public static IServiceCollection AddCarbonHuitongNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section)).ValidateOnStart();
        services.AddScoped<UnreadNotifications>();
        return services;
    }
}

/// <summary>
/// Tells the bell in the app bar that the unread count changed (a page marked some read). Scoped, so it is the
/// circuit's: the page and the layout's bell share one.
/// </summary>
public sealed class UnreadNotifications
{
    public event Func<Task>? Changed;

    public Task AnnounceAsync() => Changed?.Invoke() ?? Task.CompletedTask;
}
