using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;

namespace CarbonHuitong.Tests.Support;

/// <summary>A registered partner as a test holds it: its identity (as a verified signature gives it) and its secret, shown once.</summary>
public sealed record TestPartner(string Code, string Secret, long SecretId, PartnerIdentity Identity);

/// <summary>
/// A partner registered by a mall administrator through <see cref="PartnerService"/>, and citizens linked to it the
/// way a citizen and the partner do it: a link code issued to the citizen, redeemed by the partner.
/// </summary>
public sealed class PartnerBuilder
{
    private string _code = "p-" + Guid.NewGuid().ToString("N")[..10];
    private string[] _behaviours = [Methodology.MetroRide, Methodology.SharedBicycle, Methodology.Walking, Methodology.BusRide,
        Methodology.TakeawayWithoutUtensils, Methodology.ElectronicWaybill];
    private string? _secret;

    public PartnerBuilder Coded(string code)
    {
        _code = code;
        return this;
    }

    public PartnerBuilder Reporting(params string[] behaviourCodes)
    {
        _behaviours = behaviourCodes;
        return this;
    }

    public PartnerBuilder WithSecret(string secret)
    {
        _secret = secret;
        return this;
    }

    public async Task<TestPartner> BuildAsync(TestStore database, TimeProvider clock, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var issued = await PartnerSetup.Admin(db, clock).RegisterAsync(Actors.MallAdmin,
            new PartnerDraft(_code, $"测试伙伴 {_code}", $"Test partner {_code}", _behaviours), _secret, ct);
        return new TestPartner(_code, issued.Secret, issued.SecretId, new PartnerIdentity(_code, _behaviours.ToHashSet(StringComparer.Ordinal)));
    }
}

/// <summary>Core's partner services over one test context, wired as the app wires them.</summary>
public static class PartnerSetup
{
    public static PartnerService Admin(CarbonDbContext db, TimeProvider clock) =>
        new(db, new AuditLog(db, clock), new ReferenceDataCache(clock), TestKeyRing.Shared, clock);

    public static PartnerLinks Links(CarbonDbContext db, TimeProvider clock) => new(db, new LedgerService(db, clock), clock);

    public static PartnerFeed Feed(CarbonDbContext db, TimeProvider clock, EarningOptions? options = null) =>
        new(db, new LedgerService(db, clock), CoreServices.Earning(db, clock, options), clock);

    public static PartnerQueries Queries(CarbonDbContext db, TimeProvider clock) => new(db, PartnerSetup.Links(db, clock), new ReferenceDataCache(clock));

    public static PartnerSignatures Signatures(CarbonDbContext db, TimeProvider clock) =>
        new(db, new ReferenceDataCache(clock), TestKeyRing.Shared, clock);

    /// <summary>Links a citizen to the partner as its user <paramref name="partnerUserId"/>: code issued, then redeemed.</summary>
    public static async Task LinkAsync(this TestStore database, TimeProvider clock, TestPartner partner, long accountId, string partnerUserId)
    {
        await using var db = database.CreateContext();
        var code = await PartnerSetup.Links(db, clock).IssueCodeAsync(accountId, partner.Code);
        await PartnerSetup.Links(db, clock).RedeemAsync(partner.Identity, code.LinkCode, partnerUserId);
    }

    /// <summary>Sends a batch as the partner's signed call would, on a context of its own.</summary>
    public static async Task<IReadOnlyList<PartnerEventResult>> SendAsync(this TestStore database, TimeProvider clock, TestPartner partner,
        params PartnerEventInput[] events)
    {
        await using var db = database.CreateContext();
        return await PartnerSetup.Feed(db, clock).IngestAsync(partner.Identity, events);
    }

    public static PartnerEventInput Event(string partnerUserId, string behaviourCode, decimal quantity, DateTime occurredAtUtc, string? eventId = null) =>
        new(eventId ?? Guid.NewGuid().ToString("N"), partnerUserId, behaviourCode, quantity, occurredAtUtc);
}
