using Microsoft.Extensions.Options;

namespace CarbonHuitong.Core.Notifications;

/// <summary>When the lifecycle job tells citizens what is coming and what happened (settings section <c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Days before their cutoff that credits about to expire are announced.</summary>
    public int CreditReminderDays { get; set; } = 30;

    /// <summary>Days before its expiry that an unused coupon is announced.</summary>
    public int CouponReminderDays { get; set; } = 3;

    /// <summary>
    /// How far back the job looks for things that happened (a coupon used, a pending credit settled, a partner linked or
    /// revoked): longer than the job can stay down, short enough that each run reads little.
    /// </summary>
    public int LookbackDays { get; set; } = 7;

    /// <summary>Notifications written, or handed to the sender, per write transaction.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Under a year, so only the next cutoff is ever within reach: what a later one takes depends on what the next one
    /// takes first.
    /// </summary>
    public const int MaxCreditReminderDays = 364;
    public const int MaxCouponReminderDays = 90;
    public const int MaxLookbackDays = 90;
    public const int MaxBatchSize = 5_000;

    public string? Problem() =>
        CreditReminderDays is < 1 or > MaxCreditReminderDays ? $"{Section}:{nameof(CreditReminderDays)} must be 1 to {MaxCreditReminderDays} days."
        : CouponReminderDays is < 1 or > MaxCouponReminderDays ? $"{Section}:{nameof(CouponReminderDays)} must be 1 to {MaxCouponReminderDays} days."
        : LookbackDays is < 1 or > MaxLookbackDays ? $"{Section}:{nameof(LookbackDays)} must be 1 to {MaxLookbackDays} days."
        : BatchSize is < 1 or > MaxBatchSize ? $"{Section}:{nameof(BatchSize)} must be 1 to {MaxBatchSize:#,0}."
        : null;
}

/// <summary>A setting out of range stops the start (or the job) with what to fix.</summary>
internal sealed class NotificationOptionsValidation : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
