using System.Globalization;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Web.Resources;

namespace CarbonHuitong.Web.Components.Shared;

/// <summary>Admin values that read differently by culture: refusals, batch statuses, roles, sentences around markup.</summary>
public static class AdminWording
{
    /// <summary>
    /// A refusal in Chinese by its stable code; in English the domain's own sentence, which carries the figures
    /// (e.g. how much revenue is left), as the API's problem details do.
    /// </summary>
    public static string Refusal(DomainException refusal) => Localization.IsChinese ? ErrorText.For(refusal) : refusal.Message;

    /// <summary>A batch's status as the owner, the mall admin and the reports all name it.</summary>
    public static string Status(BatchStatus status) => status switch
    {
        BatchStatus.Draft => AdminText.Get("Draft"),
        BatchStatus.Submitted => AdminText.Get("Awaiting review"),
        BatchStatus.Listed => AdminText.Get("On the shelf"),
        BatchStatus.Rejected => AdminText.Get("Rejected"),
        BatchStatus.Delisted => AdminText.Get("Delisted"),
        _ => status.ToString(),
    };

    public static string Role(string role) => AdminText.Get(role);

    public static string Roles(IEnumerable<string> roles) => string.Join(Localization.IsChinese ? "、" : ", ", roles.Select(Role));

    /// <summary>
    /// The text around a translated sentence's placeholders {0}, {1}, ... (in that order), so a page can put markup
    /// (a link, bold text) in the holes: "The key for {0} is shown" gives ["The key for ", " is shown"].
    /// </summary>
    public static string[] Around(string sentence, int holes)
    {
        var parts = new string[holes + 1];
        var rest = sentence;
        for (var hole = 0; hole < holes; hole++)
        {
            var placeholder = "{" + hole.ToString(CultureInfo.InvariantCulture) + "}";
            var at = rest.IndexOf(placeholder, StringComparison.Ordinal);
            (parts[hole], rest) = at < 0 ? (rest, "") : (rest[..at], rest[(at + placeholder.Length)..]);
        }
        parts[holes] = rest;
        return parts;
    }
}
