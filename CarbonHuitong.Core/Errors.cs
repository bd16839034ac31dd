namespace CarbonHuitong.Core;

/// <summary>
/// A rule of the domain refused a request. <see cref="Code"/> is stable and safe to show to clients;
/// <paramref name="cause"/>, when there is one, is for the logs only.
/// </summary>
public sealed class DomainException(string code, string message, Exception? cause = null) : Exception(message, cause)
{
    public string Code { get; } = code;
}

public static class ErrorCodes
{
    public const string BadRequest = "bad_request";
    public const string NotFound = "not_found";
    public const string AccountNotFound = "account_not_found";
    public const string InsufficientCredits = "insufficient_credits";
    public const string AccountClosed = "account_closed";

    /// <summary>The account is frozen by a mall administrator (suspected fraud): no earning, no redeeming (403).</summary>
    public const string AccountFrozen = "account_frozen";

    /// <summary>A claim outside the claim window, or one already decided (400/409).</summary>
    public const string ClaimWindowClosed = "claim_window_closed";
    public const string WrongPassword = "wrong_password";
    public const string UnknownBehaviour = "unknown_behaviour";
    public const string InvalidQuantity = "invalid_quantity";
    public const string InvalidAmount = "invalid_amount";
    public const string InvalidEvent = "invalid_event";
    public const string TooOld = "too_old";
    public const string EventConflict = "event_conflict";
    public const string SoldOut = "sold_out";
    public const string LimitReached = "limit_reached";
    public const string ItemUnavailable = "item_unavailable";
    public const string RequestConflict = "request_conflict";
    public const string UnknownTerminal = "unknown_terminal";
    public const string InvalidCode = "invalid_code";
    public const string ExpiredCode = "expired_code";
    public const string ReplayedCode = "replayed_code";
    public const string ScanConflict = "scan_conflict";
    public const string InvalidState = "invalid_state";
    public const string Forbidden = "forbidden";
    public const string OversoldTonnes = "oversold_tonnes";
    public const string InsufficientRevenue = "insufficient_revenue";

    /// <summary>A text citizens read was given in neither Chinese nor English (400).</summary>
    public const string TextRequired = "text_required";

    /// <summary>A partner call whose <c>X-Partner-Id</c> names no partner, or a suspended one (401).</summary>
    public const string UnknownPartner = "unknown_partner";

    /// <summary>A partner call whose signature, timestamp or secret does not hold (401); nothing was written.</summary>
    public const string InvalidSignature = "invalid_signature";

    /// <summary>More events in one partner call than it may carry (400).</summary>
    public const string TooManyEvents = "too_many_events";

    /// <summary>The citizen, or the partner's user, is already linked (409).</summary>
    public const string AlreadyLinked = "already_linked";

    /// <summary>A link code that was never issued, has expired or was already used (400).</summary>
    public const string InvalidLinkCode = "invalid_link_code";

    /// <summary>A page number below 1, or a page size outside 1 to <see cref="PageRequest.MaxSize"/>.</summary>
    public const string BadPage = "bad_page";

    /// <summary>The database could not be reached within its busy timeout; nothing was written, and a retry may succeed.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>A district code that is not one of Chongqing's 38 divisions (GB/T 2260) (400).</summary>
    public const string UnknownDistrict = "unknown_district";

    /// <summary>A period that is not whole months written YYYY-MM, runs backwards, or is longer than allowed (400).</summary>
    public const string BadPeriod = "bad_period";

    /// <summary>Too many requests (or failures) in a short time; <c>Retry-After</c> says when to try again.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>A registration that names a version of the user agreement and privacy policy the platform never showed (400).</summary>
    public const string UnknownTermsVersion = "unknown_terms_version";
}

/// <summary>The one check for text a person typed: present, and within the column it is stored in.</summary>
public static class DomainText
{
    /// <returns>The text, trimmed.</returns>
    public static string Require(string? value, string what, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new DomainException(ErrorCodes.BadRequest, $"The {what} is required.");
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength) throw new DomainException(ErrorCodes.BadRequest, $"The {what} is longer than {maxLength:#,0} characters.");
        return trimmed;
    }

    /// <summary>An identifier from another system: kept exactly as given, since it is matched to find a retry.</summary>
    public static string RequireId(string? value, string what, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new DomainException(ErrorCodes.BadRequest, $"The {what} is required.");
        if (value.Length > maxLength) throw new DomainException(ErrorCodes.BadRequest, $"The {what} is longer than {maxLength:#,0} characters.");
        return value;
    }

    /// <returns>Null for no text; otherwise the text, trimmed.</returns>
    public static string? Optional(string? value, string what, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? null : Require(value, what, maxLength);
}
