namespace CarbonHuitong.Web.Demo;

public sealed class DemoWorldOptions
{
    public const string Section = "Demo";

    /// <summary>Seeds the demo world in Development unless set to false.</summary>
    public bool Seed { get; set; } = true;

    /// <summary>The password of the demo users who sign in; set only in appsettings.Development.json.</summary>
    public string? Password { get; set; }

    /// <summary>The demo validator's key (header X-Terminal-Key); set only in appsettings.Development.json.</summary>
    public string? TerminalKey { get; set; }

    /// <summary>
    /// The demo partners' signing secrets by partner code (<c>Demo:Partners:&lt;code&gt;:Secret</c>), so a developer can
    /// sign calls as them; set only in appsettings.Development.json. A partner without one gets a random secret.
    /// </summary>
    public Dictionary<string, DemoPartnerSettings> Partners { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string? SecretOf(string partnerCode) =>
        Partners.TryGetValue(partnerCode, out var partner) && !string.IsNullOrWhiteSpace(partner.Secret) ? partner.Secret : null;
}

public sealed class DemoPartnerSettings
{
    public string? Secret { get; set; }
}
