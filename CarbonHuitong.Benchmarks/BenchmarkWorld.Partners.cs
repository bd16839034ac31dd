using System.Globalization;
using System.Security.Cryptography;
using CarbonHuitong.Core.Behaviours.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Benchmarks;

/// <summary>A registered partner as the benchmark holds it: the secret it was given, and who a signed call from it is.</summary>
public sealed record BenchPartner(string Code, string Secret, PartnerIdentity Identity);

/// <summary>A behaviour's daily cap and what one unit weighs, as the methodology in the world's database has them.</summary>
public sealed record DailyCapRule(long CapMilligrams, long MilligramsPerUnit);

public sealed partial class BenchmarkWorld
{
    /// <summary>
    /// How many citizens link at once: on SQLite the write turns queue in one process anyway, and the reads before them
    /// overlap; on PostgreSQL the links of different citizens go side by side.
    /// </summary>
    private const int LinksInParallel = 4;

    /// <summary>
    /// A partner registered by a mall administrator through <see cref="PartnerService"/>, with a secret the benchmark
    /// knows (as the demo partners have theirs in settings), and its identity as the app's signature check gives it for
    /// a call signed with that secret.
    /// </summary>
    public async Task<BenchPartner> RegisterPartnerAsync(string code, string nameZh, string nameEn, params string[] behaviourCodes)
    {
        var secret = $"bench-{code}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
        PartnerIdentity? identity = null;
        await InScopeAsync(async scope =>
        {
            await scope.GetRequiredService<PartnerService>().RegisterAsync(Admin, new PartnerDraft(code, nameZh, nameEn, behaviourCodes), secret);
            const string path = "/api/partners/links";
            var timestamp = Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            identity = await scope.GetRequiredService<PartnerSignatures>().VerifyAsync(code, timestamp,
                PartnerSignatures.Sign(secret, timestamp, "POST", path, []), "POST", path, ReadOnlyMemory<byte>.Empty);
        });
        return new BenchPartner(code, secret, identity!);
    }

    /// <summary>
    /// Each citizen consents as in the app: a one-time link code issued to the citizen (<see cref="PartnerLinks.IssueCodeAsync"/>),
    /// redeemed by the partner for its own user id (<see cref="PartnerLinks.RedeemAsync"/>).
    /// </summary>
    public Task LinkAsync(BenchPartner partner, IReadOnlyList<(BenchCitizen Citizen, string PartnerUserId)> users) =>
        Parallel.ForEachAsync(users.Chunk(250), new ParallelOptions { MaxDegreeOfParallelism = LinksInParallel }, async (chunk, ct) =>
        {
            await using var scope = _services.CreateAsyncScope();
            var links = scope.ServiceProvider.GetRequiredService<PartnerLinks>();
            var db = scope.ServiceProvider.GetRequiredService<Core.Persistence.CarbonDbContext>();
            foreach (var (citizen, partnerUserId) in chunk)
            {
                var code = await links.IssueCodeAsync(citizen.AccountId, partner.Code, ct);
                var linked = await links.RedeemAsync(partner.Identity, code.LinkCode, partnerUserId, ct);
                if (!linked.Created) throw new InvalidOperationException($"{partner.Code} user {partnerUserId} was linked already.");
                db.ChangeTracker.Clear();
            }
        });

    /// <summary>Citizens withdraw their consent (<see cref="PartnerLinks.RevokeAsync"/>); the raw events stay.</summary>
    public Task RevokeLinksAsync(BenchPartner partner, IEnumerable<BenchCitizen> citizens) => InScopeAsync(async scope =>
    {
        var links = scope.GetRequiredService<PartnerLinks>();
        foreach (var citizen in citizens) await links.RevokeAsync(citizen.AccountId, partner.Code, deleteEvents: false);
    });

    public Task<DailyCapRule> DailyCapOfAsync(string behaviourCode) => QueryAsync(async db =>
    {
        var behaviour = await db.GreenBehaviours.AsNoTracking().SingleAsync(b => b.Code == behaviourCode);
        return new DailyCapRule(behaviour.DailyCapMilligrams
            ?? throw new InvalidOperationException($"The methodology sets no daily cap on {behaviourCode}."), behaviour.MilligramsPerUnit);
    });
}
