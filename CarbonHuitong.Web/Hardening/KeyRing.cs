using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Persistence.Secrets;
using CarbonHuitong.Core.Transit;

namespace CarbonHuitong.Web.Hardening;

/// <summary>
/// The Data Protection key ring (cookies, bearer tokens, antiforgery and the sealed ride-code keys) in the database,
/// protected by a certificate from settings or by the key file; see the README's "Keys and secrets".
/// </summary>
public static class KeyRingSetup
{
    public static WebApplicationBuilder AddCarbonHuitongKeyRing(this WebApplicationBuilder builder)
    {
        builder.Services.AddCarbonHuitongKeyRing(KeyRingSettingsFrom(builder.Configuration, builder.Environment.ContentRootPath));
        return builder;
    }

    /// <summary>The <c>DataProtection</c> settings; a relative key file or certificate path is under the content root.</summary>
    public static KeyRingSettings KeyRingSettingsFrom(IConfiguration configuration, string contentRoot)
    {
        bool replace;
        try
        {
            replace = configuration.GetValue<bool?>(KeyRingSettings.ReplaceUnreadableKeysSetting) ?? false;
        }
        catch (InvalidOperationException)
        {
            throw new StoreConfigurationException(
                $"{KeyRingSettings.ReplaceUnreadableKeysSetting} is '{configuration[KeyRingSettings.ReplaceUnreadableKeysSetting]}'; set it to true or false.");
        }
        var keyFile = configuration[KeyRingSettings.KeyFileSetting] is { Length: > 0 } configured ? configured : KeyRingSettings.DefaultKeyFile;
        var certificate = configuration[KeyRingSettings.CertificatePathSetting];
        return new KeyRingSettings(
            Path.GetFullPath(keyFile, contentRoot),
            string.IsNullOrWhiteSpace(certificate) ? null : Path.GetFullPath(certificate, contentRoot),
            configuration[KeyRingSettings.CertificatePasswordSetting],
            configuration[KeyRingSettings.CertificateThumbprintSetting],
            replace);
    }

    /// <summary>
    /// Loads the ride-code keys at start-up. Keys this server cannot unseal stop the start with what to fix, or, when
    /// the operator set <see cref="KeyRingSettings.ReplaceUnreadableKeysSetting"/>, are retired for a new one.
    /// </summary>
    public static async Task LoadRideCodeKeysAsync(this IServiceProvider services)
    {
        var settings = services.GetRequiredService<KeyRingSettings>();
        var retired = await services.GetRequiredService<RideCodeKeyring>().LoadAsync(services.GetRequiredService<CarbonDbContext>(),
            services.GetRequiredService<TimeProvider>(), settings.ReplaceUnreadableKeys ? UnreadableRideCodeKeys.Retire : UnreadableRideCodeKeys.Refuse);
        if (retired.Count > 0)
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KeyRingSetup)).LogWarning(
                "Retired the ride-code keys {KeyIds}, which this server's key ring cannot unseal, and made a new signing key.", string.Join(", ", retired));
    }
}
