namespace CarbonHuitong.Core.Government;

/// <summary>
/// That an account was active (earned) in a China month within one scope: the platform, a district, a category, a
/// district's category or a behaviour (<see cref="ActivityScope"/>). Written by the ledger's rollup round trip with no
/// <see cref="PreviousMonth"/>, which <see cref="ActiveCitizenCounts"/> fills in when it counts the row.
/// <para>
/// Why the previous month: the citizens active in a scope over months a..b are the rows in a..b whose account was not
/// active in that scope in the months before a (a previous month before a, or none), so a period's distinct count is a
/// sum over <see cref="ActiveCitizenCount"/> rows, whatever the number of citizens.
/// </para>
/// </summary>
public sealed class ActivitySpan
{
    private ActivitySpan() { }

    public string Scope { get; private set; } = "";
    public long AccountId { get; private set; }

    /// <summary>The first day of the China month.</summary>
    public DateOnly Month { get; private set; }

    /// <summary>The account's latest earlier month in the scope, <see cref="ActivityScope.NoPreviousMonth"/> when none, or null
    /// while the row waits to be counted.</summary>
    public DateOnly? PreviousMonth { get; private set; }
}

/// <summary>
/// How many accounts were active in a scope in a month whose previous active month in the scope was
/// <see cref="PreviousMonth"/>: the counted <see cref="ActivitySpan"/> rows grouped, kept by <see cref="ActiveCitizenCounts"/>.
/// </summary>
public sealed class ActiveCitizenCount
{
    private ActiveCitizenCount() { }

    public DateOnly Month { get; private set; }
    public string Scope { get; private set; } = "";
    public DateOnly PreviousMonth { get; private set; }
    public long Citizens { get; private set; }
}

/// <summary>
/// Accounts opened and closed in a China month, by the district they name now (none: <see cref="DistrictMonthReduction.NotGiven"/>),
/// kept by the database's triggers on the accounts, so that the citizens registered at any month's end are a sum of a
/// few rows per month rather than a count of the accounts.
/// </summary>
public sealed class RegisteredCitizenMonth
{
    private RegisteredCitizenMonth() { }

    public DateOnly Month { get; private set; }
    public string DistrictCode { get; private set; } = "";
    public long Opened { get; private set; }
    public long Closed { get; private set; }
}

/// <summary>The scopes of <see cref="ActivitySpan"/>: short strings, so one table and one count serve every dimension.</summary>
public static class ActivityScope
{
    public const int MaxLength = 64;

    /// <summary>Every citizen active on the platform.</summary>
    public const string Platform = "*";

    /// <summary>
    /// Counted once per month on <see cref="ActiveCitizenCount"/> only (never a span): platform-active accounts that were
    /// not registered at the month's end (opened later, as imported history is, or closed within the month), which the
    /// month's citizens include.
    /// </summary>
    public const string Unregistered = "u";

    /// <summary>
    /// The previous month of a span whose account was not active in its scope before: a real date long before any
    /// activity (Npgsql reads and writes DateOnly.MinValue as -infinity, which a literal in SQL would not match).
    /// </summary>
    public static readonly DateOnly NoPreviousMonth = new(1900, 1, 1);

    public static string District(string code) => "d:" + code;
    public static string Category(string category) => "c:" + category;
    public static string DistrictCategory(string code, string category) => "dc:" + code + ":" + category;
    public static string Behaviour(string code) => "b:" + code;
}
