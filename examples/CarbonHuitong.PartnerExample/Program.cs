// Sends a small signed batch to a Carbon Huitong platform as a partner, then prints that day's reconciliation.
//
//   dotnet run --project examples/CarbonHuitong.PartnerExample -- \
//       --url http://localhost:5000 --partner <partner code> --secret <secret> [--user demo-user-1] [--behaviour metro_ride] [--link ABCD-EFGH]
//
// Each option may come from the environment instead: CARBONHUITONG_URL, CARBONHUITONG_PARTNER, CARBONHUITONG_SECRET,
// CARBONHUITONG_USER, CARBONHUITONG_BEHAVIOUR, CARBONHUITONG_LINK_CODE. With --link, the citizen's link code (from
// "My scenarios") is redeemed for the user first; without a link, the events are answered refused, not_linked.
using CarbonHuitong.PartnerExample;

var settings = Settings.From(args);
if (settings.Url is null || settings.Partner is null || settings.Secret is null)
{
    Console.Error.WriteLine("Give --url, --partner and --secret (or CARBONHUITONG_URL, CARBONHUITONG_PARTNER, CARBONHUITONG_SECRET).");
    return 2;
}

using var http = new HttpClient { BaseAddress = new Uri(settings.Url.TrimEnd('/') + "/") };
var client = new PartnerClient(http, settings.Partner, settings.Secret);
try
{
    await SampleBatch.RunAsync(client, settings.User ?? "demo-user-1", settings.Behaviour ?? "metro_ride", settings.LinkCode, Console.Out);
    return 0;
}
catch (PartnerApiException refused)
{
    Console.Error.WriteLine($"Refused: {refused.Message}");
    return 1;
}

/// <summary>Each option from the command line (<c>--name value</c>) or else from the environment.</summary>
internal sealed record Settings(string? Url, string? Partner, string? Secret, string? User, string? Behaviour, string? LinkCode)
{
    public static Settings From(string[] args)
    {
        string? Option(string name, string variable)
        {
            var at = Array.IndexOf(args, "--" + name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : Environment.GetEnvironmentVariable(variable);
        }

        return new Settings(Option("url", "CARBONHUITONG_URL"), Option("partner", "CARBONHUITONG_PARTNER"), Option("secret", "CARBONHUITONG_SECRET"),
            Option("user", "CARBONHUITONG_USER"), Option("behaviour", "CARBONHUITONG_BEHAVIOUR"), Option("link", "CARBONHUITONG_LINK_CODE"));
    }
}
