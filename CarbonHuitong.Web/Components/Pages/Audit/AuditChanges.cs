using System.Text.Json;
using CarbonHuitong.Web.Resources;

namespace CarbonHuitong.Web.Components.Pages.Audit;

/// <summary>One field an audited action changed: its name as an administrator reads it, and its value before and after.</summary>
/// <param name="Before">Null when the field was not there before (something created), or was null.</param>
/// <param name="After">Null when the field is gone after (something removed), or is null.</param>
public sealed record AuditChange(string Field, string? Before, string? After);

/// <summary>
/// The fields an audit entry's before and after (JSON objects, as the audit log records them) differ in, in the order
/// the entry names them. A creation (no before) lists every field it set; a field that kept its value is left out.
/// </summary>
public static class AuditChanges
{
    public static IReadOnlyList<AuditChange> Between(string? beforeJson, string? afterJson)
    {
        var before = Fields(beforeJson);
        var after = Fields(afterJson);
        var names = after.Keys.Concat(before.Keys).Distinct(StringComparer.Ordinal);
        return names
            .Select(name => (Name: name, Before: before.GetValueOrDefault(name), After: after.GetValueOrDefault(name)))
            .Where(field => beforeJson is null || afterJson is null || field.Before != field.After)
            .Select(field => field.Name == "status"
                ? new AuditChange(FieldName(field.Name), StatusName(field.Before), StatusName(field.After))
                : new AuditChange(FieldName(field.Name), field.Before, field.After))
            .ToList();
    }

    /// <summary>"stockLeft" reads as "Stock left", in the admin's language where the administration area has that text.</summary>
    public static string FieldName(string jsonName)
    {
        var words = new System.Text.StringBuilder(jsonName.Length + 4);
        foreach (var c in jsonName)
        {
            if (char.IsUpper(c) && words.Length > 0) words.Append(' ').Append(char.ToLowerInvariant(c));
            else words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : c);
        }
        return AdminText.Get(words.ToString());
    }

    // Statuses are recorded by their names ("Delisted"), which the administration area shows in the admin's language.
    private static string? StatusName(string? status) => status switch
    {
        null => null,
        _ when Enum.TryParse<Core.Funding.BatchStatus>(status, out var batch) => Shared.AdminWording.Status(batch),
        _ => AdminText.Get(status),
    };

    // Each top-level field as text; a value that is not an object is one field named "value".
    private static Dictionary<string, string?> Fields(string? json)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json)) return fields;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object) fields["value"] = Text(document.RootElement);
            else
                foreach (var property in document.RootElement.EnumerateObject())
                    fields[property.Name] = Text(property.Value);
        }
        catch (JsonException)
        {
            fields["value"] = json;
        }
        return fields;
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(v => Text(v) ?? "—")),
        _ => value.GetRawText(),
    };
}
