using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Transit;

namespace CarbonHuitong.Web.Demo;

/// <summary>A demo resident: their carbon account, their number at every partner, and what the partners saw them do.</summary>
public sealed record DemoResident(long AccountId, int Member, IReadOnlyList<DemoAct> Acts);

public sealed record DemoResidents(DemoResident Citizen, DemoResident SecondCitizen, IReadOnlyList<DemoResident> Neighbours)
{
    public IEnumerable<DemoResident> All => [Citizen, SecondCitizen, .. Neighbours];
}

/// <summary>
/// The demo world's partners, through Core's own services: registered by the mall administrator with the secrets in
/// Development settings, linked by each resident with a one-time code the partner redeems, and sending the last days
/// through the feed, with every rule at work (counted once, the daily cap, a resent batch, a revoked link). What
/// happened before the claim window is imported as the operator's history, still under each partner's name.
/// </summary>
public sealed class DemoPartnerWorld(PartnerService partners, PartnerLinks links, PartnerFeed feed, PartnerSettlements settlements,
    EarningService earning, ScanService scans, RideCodes rideCodes, IServiceProvider services, TimeProvider clock, ILogger<DemoPartnerWorld> logger)
{
    public const string DemoLine = "871";

    /// <summary>How long 山城外卖's orders can be cancelled: its pending events wait two days, not the default three.</summary>
    public const int TakeawayPendingWindowHours = 48;

    /// <summary>A member number no partner user is linked to.</summary>
    public const int StrangerMember = 99999;

    private readonly Dictionary<string, int> _serials = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _outcomes = new(StringComparer.Ordinal);

    public async Task SeedAsync(Actor admin, DemoWorldOptions settings, DemoResidents residents, string terminalKey, CancellationToken ct)
    {
        await RegisterAsync(admin, settings, ct);
        foreach (var resident in residents.All)
        foreach (var partner in resident.Acts.Select(a => a.Partner).Distinct())
            await LinkAsync(resident.AccountId, partner, resident.Member, ct);

        // An hour's margin, so an act near the window's edge is not refused while the demo world is being seeded.
        var windowStart = Now - earning.ClaimWindow + TimeSpan.FromHours(1);
        var acts = residents.All.SelectMany(r => r.Acts.Select(act => (Resident: r, Act: act))).ToList();
        await earning.ImportHistoryAsync(acts.Where(x => x.Act.OccurredAtUtc < windowStart).OrderBy(x => x.Act.OccurredAtUtc)
            .Select(x => new EarnRequest(x.Resident.AccountId, x.Act.Behaviour, x.Act.Quantity, x.Act.Partner.LedgerSource,
                NextEventId(x.Act.Partner), x.Act.OccurredAtUtc))
            .ToList(), ct);

        var recent = acts.Where(x => x.Act.OccurredAtUtc >= windowStart).Select(x => x.Act).ToList();
        recent.Add(await RideTheDemoBusAsync(residents.Citizen.AccountId, terminalKey, ct));
        recent.Add(new(DemoPartner.Takeaway, StrangerMember, Methodology.TakeawayWithoutUtensils, 1, Now.AddHours(-20)));
        recent.Add(new(DemoPartner.Logistics, DemoRoutines.CitizenMember, Methodology.ElectronicWaybill, 1, Now - earning.ClaimWindow - TimeSpan.FromDays(1)));
        await SendPendingOrdersAsync(admin, ct);
        var batches = DemoPartner.All.ToDictionary(p => p, p => ToBatch(recent.Where(a => a.Partner == p)));
        foreach (var partner in DemoPartner.All) await SendAsync(partner, batches[partner], ct);
        // A partner that did not hear our answer sends the same batch again: nothing is counted twice.
        await SendAsync(DemoPartner.Logistics, batches[DemoPartner.Logistics], ct);

        await RevokeWithDeletionAsync(residents.SecondCitizen, DemoPartner.BikeShare, ct);
        logger.LogInformation("Demo partners {Partners} sent their batches: {Outcomes}.", string.Join(", ", DemoPartner.All.Select(p => p.Code)),
            string.Join(", ", _outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}")));
    }

    private async Task RegisterAsync(Actor admin, DemoWorldOptions settings, CancellationToken ct)
    {
        foreach (var partner in DemoPartner.All)
        {
            var secret = settings.SecretOf(partner.Code);
            if (secret is null)
                logger.LogWarning("Demo:Partners:{Code}:Secret is not set: the demo partner was registered with a random secret nobody holds.", partner.Code);
            else if (secret.Length is < PartnerSecret.MinSecretLength or > PartnerSecret.MaxSecretLength)
            {
                logger.LogWarning("Demo:Partners:{Code}:Secret must have {Min} to {Max} characters: the demo partner was registered with a random secret nobody holds.",
                    partner.Code, PartnerSecret.MinSecretLength, PartnerSecret.MaxSecretLength);
                secret = null;
            }
            await partners.RegisterAsync(admin, partner.Draft, secret, ct);
        }
    }

    /// <summary>
    /// 山城外卖 sends the citizen's orders as pending, since an order can still be cancelled: one sent three days ago and
    /// never settled (past the window, so the lifecycle job confirms it), one it confirms, one it reverses (the order
    /// was cancelled), and one from an hour ago still pending.
    /// </summary>
    private async Task SendPendingOrdersAsync(Actor admin, CancellationToken ct)
    {
        var takeaway = DemoPartner.Takeaway;
        await partners.SetPendingWindowAsync(admin, takeaway.Code, TakeawayPendingWindowHours, ct);
        var sentThreeDaysAgo = Now.AddDays(-3);
        // The feed as it ran three days ago, so the order is recorded then and its window has passed.
        var feedThen = ActivatorUtilities.CreateInstance<PartnerFeed>(services, new ClockSetBack(clock, Now - sentThreeDaysAgo));
        await SendAsync(takeaway, [PendingOrder(sentThreeDaysAgo.AddMinutes(-40))], ct, feedThen);

        var confirmed = PendingOrder(Now.AddHours(-26));
        var reversed = PendingOrder(Now.AddHours(-5));
        await SendAsync(takeaway, [confirmed, reversed, PendingOrder(Now.AddHours(-1))], ct);
        await settlements.ConfirmAsync(takeaway.Identity, [confirmed.EventId!], ct);
        await settlements.ReverseAsync(takeaway.Identity, [reversed.EventId!], ct);
    }

    private PartnerEventInput PendingOrder(DateTime orderedAtUtc) => new(NextEventId(DemoPartner.Takeaway),
        DemoPartner.Takeaway.UserId(DemoRoutines.CitizenMember), Methodology.TakeawayWithoutUtensils, 1, orderedAtUtc, Pending: true);

    /// <summary>The app's clock, set back: what a partner sent days ago is recorded as it was then.</summary>
    private sealed class ClockSetBack(TimeProvider now, TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.GetUtcNow() - by;
    }

    /// <summary>The resident asks for a link code, and the partner redeems it for its user: the consent path a citizen takes.</summary>
    private async Task LinkAsync(long accountId, DemoPartner partner, int member, CancellationToken ct)
    {
        var code = await links.IssueCodeAsync(accountId, partner.Code, ct);
        await links.RedeemAsync(partner.Identity, code.LinkCode, partner.UserId(member), ct);
    }

    /// <summary>
    /// The citizen's ride code scanned at the demo validator now, as a bus door scans it; 渝快办, whose code app logged
    /// the same boarding, reports it half a minute later by its clock, and that report is counted elsewhere.
    /// </summary>
    private async Task<DemoAct> RideTheDemoBusAsync(long accountId, string terminalKey, CancellationToken ct)
    {
        var scannedAt = Now;
        // ¥2: Chongqing's flat bus fare.
        await scans.RecordRideAsync(terminalKey, new ScanRequest("demo-ride-0001", rideCodes.Issue(accountId).Token, DemoLine, "CQ-871-B07", 200,
            scannedAt), ct);
        return new(DemoPartner.Yukuaiban, DemoRoutines.CitizenMember, Methodology.BusRide, 1, scannedAt.AddSeconds(30));
    }

    private List<PartnerEventInput> ToBatch(IEnumerable<DemoAct> acts) => acts.OrderBy(a => a.OccurredAtUtc)
        .Select(a => new PartnerEventInput(NextEventId(a.Partner), a.Partner.UserId(a.Member), a.Behaviour, a.Quantity, a.OccurredAtUtc))
        .ToList();

    private async Task SendAsync(DemoPartner partner, IReadOnlyList<PartnerEventInput> batch, CancellationToken ct, PartnerFeed? through = null)
    {
        foreach (var result in await (through ?? feed).IngestAsync(partner.Identity, batch, ct))
        {
            var outcome = result.Code is null ? result.Status.ToString().ToLowerInvariant() : $"{result.Status.ToString().ToLowerInvariant()} ({result.Code})";
            _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
        }
    }

    /// <summary>The second citizen withdraws consent from a partner and has its raw events deleted; the partner's next event is refused.</summary>
    private async Task RevokeWithDeletionAsync(DemoResident resident, DemoPartner partner, CancellationToken ct)
    {
        await links.RevokeAsync(resident.AccountId, partner.Code, deleteEvents: true, ct);
        await SendAsync(partner, [new PartnerEventInput(NextEventId(partner), partner.UserId(resident.Member), partner.Behaviours[0], 1.8m,
            Now.AddMinutes(-30))], ct);
    }

    /// <summary>Each partner numbers its events its own way; here, one running number per partner.</summary>
    private string NextEventId(DemoPartner partner)
    {
        var serial = _serials[partner.Code] = _serials.GetValueOrDefault(partner.Code) + 1;
        return $"{partner.Code}-{serial:D6}";
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
