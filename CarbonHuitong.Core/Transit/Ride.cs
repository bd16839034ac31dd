namespace CarbonHuitong.Core.Transit;

/// <summary>One accepted scan at a validator: the ride, what it earned and what the citizen paid.</summary>
public sealed class Ride
{
    /// <summary>The longest fare a validator may charge: ¥100.</summary>
    public const long MaxFareFen = 100_00;

    /// <summary>Scan, line and vehicle ids, as validators send them.</summary>
    public const int MaxIdLength = 64;

    private Ride() { }

    public long Id { get; private set; }
    public string TerminalId { get; private set; } = "";
    public string ScanId { get; private set; } = "";
    public long AccountId { get; private set; }

    /// <summary>The ride code's nonce: one ride per code, whichever validator reads it.</summary>
    public string CodeNonce { get; private set; } = "";
    public string LineId { get; private set; } = "";
    public string VehicleId { get; private set; } = "";
    public long FareFen { get; private set; }
    public DateTime ScannedAt { get; private set; }
    public DateTime RecordedAt { get; private set; }

    /// <summary>The earn that counted this ride: its own, or, when counted elsewhere, the earlier report's.</summary>
    public long EarnEntryId { get; private set; }

    /// <summary>
    /// A partner had already reported this ride (the same act, within the behaviour's window): the ride is a ride
    /// (fare, coupon) but earns nothing here, and a <see cref="Ledger.DuplicateReport"/> links it to that earn.
    /// </summary>
    public bool CountedElsewhere { get; private set; }
    public long CreditsEarnedHundredths { get; private set; }
    public long BalanceAfterHundredths { get; private set; }
    public long? CouponId { get; private set; }
    public long CouponFaceValueFen { get; private set; }
    public long AmountDueFen { get; private set; }

    internal static Ride Record(string terminalId, string scanId, long accountId, string codeNonce, string lineId, string vehicleId,
        long fareFen, DateTime scannedAtUtc, DateTime recordedAtUtc, long earnEntryId, long creditsEarnedHundredths,
        long balanceAfterHundredths, long? couponId, long couponFaceValueFen, bool countedElsewhere = false) => new()
    {
        TerminalId = terminalId,
        ScanId = scanId,
        AccountId = accountId,
        CodeNonce = codeNonce,
        LineId = lineId,
        VehicleId = vehicleId,
        FareFen = fareFen,
        ScannedAt = scannedAtUtc,
        RecordedAt = recordedAtUtc,
        EarnEntryId = earnEntryId,
        CreditsEarnedHundredths = creditsEarnedHundredths,
        BalanceAfterHundredths = balanceAfterHundredths,
        CouponId = couponId,
        CouponFaceValueFen = couponFaceValueFen,
        CountedElsewhere = countedElsewhere,
        // A coupon worth more than the fare pays it all; the citizen never gets change back.
        AmountDueFen = Math.Max(0, fareFen - couponFaceValueFen),
    };
}
