using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Threading.RateLimiting;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Web.Partners;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace CarbonHuitong.Web.Hardening;

/// <summary>At most <see cref="PermitLimit"/> in each fixed window of <see cref="WindowSeconds"/>.</summary>
public sealed class WindowLimit
{
    public WindowLimit() { }

    public WindowLimit(int permitLimit, int windowSeconds) => (PermitLimit, WindowSeconds) = (permitLimit, windowSeconds);

    public int PermitLimit { get; set; }
    public int WindowSeconds { get; set; }
    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);

    public override string ToString() => $"{PermitLimit}/{WindowSeconds}s";
}

/// <summary>
/// The limits, from the <c>RateLimits</c> settings section. The defaults here are the shipped ones (appsettings.json
/// repeats them so an operator sees them); they hold in every environment, Development included.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in, registration and password requests (every POST under <c>/api/auth</c> and <c>/Account</c>), per client address.</summary>
    public WindowLimit SignInPerAddress { get; set; } = new(20, 60);

    /// <summary>Failed sign-ins per account name (the normalized email, known or not), counted only on failure.</summary>
    public WindowLimit FailedSignInsPerAccount { get; set; } = new(5, 300);

    /// <summary>Scans per terminal key: a validator at a bus door does a few a second.</summary>
    public WindowLimit ScansPerTerminal { get; set; } = new(20, 1);

    /// <summary>Scans answered <c>unknown_terminal</c> per client address; once used up, every scan from the address waits.</summary>
    public WindowLimit FailedTerminalAuthsPerAddress { get; set; } = new(10, 60);

    /// <summary>
    /// Calls per partner whose signature matched, for the partner API; calls whose signature did not match are counted
    /// per client address, so a caller cannot get a fresh allowance by naming another partner.
    /// </summary>
    public WindowLimit PartnerCallsPerPartner { get; set; } = new(50, 1);

    /// <summary>Signed-in citizen API calls (<c>/api/me</c>) per user.</summary>
    public WindowLimit CitizenCallsPerUser { get; set; } = new(120, 60);

    /// <summary>How long Identity locks an account after its 5th wrong password in a row: minutes, not a lock-out.</summary>
    public int LockoutMinutes { get; set; } = 5;

    public IEnumerable<(string Name, WindowLimit Limit)> All =>
    [
        (nameof(SignInPerAddress), SignInPerAddress), (nameof(FailedSignInsPerAccount), FailedSignInsPerAccount),
        (nameof(ScansPerTerminal), ScansPerTerminal), (nameof(FailedTerminalAuthsPerAddress), FailedTerminalAuthsPerAddress),
        (nameof(PartnerCallsPerPartner), PartnerCallsPerPartner), (nameof(CitizenCallsPerUser), CitizenCallsPerUser),
    ];
}

/// <summary>
/// Throttles abuse with ASP.NET Core's rate limiter. Requests are counted by the middleware (per address, terminal key,
/// partner or user); failures are counted by <see cref="FailureThrottle"/>s that the endpoints consult before the attempt
/// and charge only when it fails. A refusal is a 429 problem with code <c>rate_limited</c> and <c>Retry-After</c>.
/// </summary>
public static class RateLimits
{
    public const string ScansPolicy = "scans";
    public const string PartnerPolicy = "partner";
    public const string CitizenPolicy = "citizen";
    public const string PartnerIdHeader = PartnerSignatureAuthentication.PartnerIdHeader;

    public static IServiceCollection AddCarbonHuitongRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.All.All(l => l.Limit is { PermitLimit: > 0, WindowSeconds: > 0 }) && o.LockoutMinutes > 0,
                $"Every {RateLimitOptions.Section} limit needs a PermitLimit and WindowSeconds of at least 1, and LockoutMinutes at least 1.")
            .ValidateOnStart();
        services.AddSingleton<SignInFailures>();
        services.AddSingleton<TerminalAuthFailures>();
        services.AddScoped<SignInManager<ApplicationUser>, UniformSignInManager>();
        services.AddOptions<IdentityOptions>().Configure<IOptions<RateLimitOptions>>((identity, limits) =>
            identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(limits.Value.LockoutMinutes));

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, settings) =>
        {
            var limits = settings.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (rejected, _) => RefuseAsync(rejected.HttpContext,
                rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null);
            // One bucket per address for the API and the forms together, so using both does not double the allowance.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignInRequest(context.Request)
                ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => Fixed(limits.SignInPerAddress))
                : RateLimitPartition.GetNoLimiter(""));
            // The key's hash, so no terminal's key sits in clear in the limiter's table.
            options.AddPolicy(ScansPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                Convert.ToHexString(Terminal.HashKey(context.Request.Headers[Api.TerminalApi.KeyHeader].ToString())),
                _ => Fixed(limits.ScansPerTerminal)));
            // Keyed by the partner the signature proved (UsePartnerSignatures runs before the limiter), never by the
            // X-Partner-Id header as sent, which a caller could change at every call.
            options.AddPolicy(PartnerPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                PartnerSignatureAuthentication.PartnerCodeOf(context.User) is { } partner ? "partner:" + partner : "address:" + ClientAddress(context),
                _ => Fixed(limits.PartnerCallsPerPartner)));
            options.AddPolicy(CitizenPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId ? "user:" + userId : "address:" + ClientAddress(context),
                _ => Fixed(limits.CitizenCallsPerUser)));
        });
        return services;
    }

    /// <summary>
    /// After authentication, the session check and the partner's signature check, so the per-user and per-partner limits
    /// know who calls; before authorization, so calls that authorization will refuse (a partner's call whose signature
    /// did not match, a stranger's call to <c>/api/me</c>) are counted too, against their address.
    /// </summary>
    public static IApplicationBuilder UseCarbonHuitongRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    /// <summary>The <c>/api/auth</c> endpoints: a failed sign-in is charged to its account name, and answers the same whatever failed.</summary>
    public static TBuilder WithSignInLimits<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(ThrottleSignInAsync);

    /// <summary>The scan endpoint: per terminal key, and per address for keys that are wrong.</summary>
    public static RouteHandlerBuilder WithScanLimits(this RouteHandlerBuilder builder) =>
        builder.RequireRateLimiting(ScansPolicy).AddEndpointFilter(ThrottleTerminalAuthAsync);

    /// <summary>
    /// An endpoint that checks the caller's password (closing the account): a wrong one counts as a failed sign-in of
    /// the caller's email, so a stolen token cannot guess the password faster than the sign-in page allows.
    /// </summary>
    public static RouteHandlerBuilder WithPasswordGuessLimits(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(ThrottlePasswordCheckAsync);

    private static async ValueTask<object?> ThrottlePasswordCheckAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var failures = context.HttpContext.RequestServices.GetRequiredService<SignInFailures>();
        var account = failures.AccountName(CarbonClaimsPrincipalFactory.ActorOf(context.HttpContext.User)?.Email);
        using var turn = await failures.TakeTurnAsync(account, context.HttpContext.RequestAborted);
        if (failures.WaitBefore(turn, account) is { } wait) return new RateLimited(wait);
        try
        {
            return await next(context);
        }
        catch (DomainException wrong) when (wrong.Code == ErrorCodes.WrongPassword)
        {
            failures.Record(account);
            throw;
        }
    }

    /// <summary>
    /// The client's address as the connection gives it: X-Forwarded-For counts only where the operator configures
    /// forwarded headers. An IPv6 client is counted by its /64, which one subscriber usually holds whole.
    /// TestServer gives no address; all such requests share one partition.
    /// </summary>
    public static string ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4().ToString();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static bool IsSignInRequest(HttpRequest request) => HttpMethods.IsPost(request.Method)
        && (request.Path.StartsWithSegments("/api/auth") || request.Path.StartsWithSegments("/Account"));

    private static FixedWindowRateLimiterOptions Fixed(WindowLimit limit) =>
        new() { PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0 };

    private static async ValueTask<object?> ThrottleSignInAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<LoginRequest>().FirstOrDefault() is not { } login) return await next(context);
        var failures = context.HttpContext.RequestServices.GetRequiredService<SignInFailures>();
        var account = failures.AccountName(login.Email);
        using var turn = await failures.TakeTurnAsync(account, context.HttpContext.RequestAborted);
        if (failures.WaitBefore(turn, account) is { } wait) return new RateLimited(wait);

        var answer = await next(context);
        var result = answer is INestedHttpResult nested ? nested.Result : answer;
        // A second factor asked for means the password was right; every other refusal is a failure, told apart from none.
        if (result is ProblemHttpResult { StatusCode: StatusCodes.Status401Unauthorized } refused
            && refused.ProblemDetails.Detail != SignInResult.TwoFactorRequired.ToString())
        {
            failures.Record(account);
            return TypedResults.Problem(SignInResult.Failed.ToString(), statusCode: StatusCodes.Status401Unauthorized);
        }
        return answer;
    }

    private static async ValueTask<object?> ThrottleTerminalAuthAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var failures = context.HttpContext.RequestServices.GetRequiredService<TerminalAuthFailures>();
        var address = ClientAddress(context.HttpContext);
        // Checked before the key: answering a right key while wrong ones wait would tell a guesser when it got one right.
        if (failures.Refusal(address) is { } wait) return new RateLimited(wait);
        try
        {
            return await next(context);
        }
        catch (DomainException unknown) when (unknown.Code == ErrorCodes.UnknownTerminal)
        {
            failures.Record(address);
            throw;
        }
    }

    /// <summary>Status 429 with <c>Retry-After</c> in whole seconds; a page then says why in its own words.</summary>
    public static void MarkTooManyRequests(HttpResponse response, TimeSpan? retryAfter)
    {
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (retryAfter is { } wait)
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>429 problem details, code <c>rate_limited</c>, with <c>Retry-After</c> in whole seconds.</summary>
    public static async ValueTask RefuseAsync(HttpContext context, TimeSpan? retryAfter)
    {
        MarkTooManyRequests(context.Response, retryAfter);
        await Api.ProblemDetailsSetup.WriteAsync(context,
            new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Extensions = { ["code"] = ErrorCodes.RateLimited } });
    }

    private sealed class RateLimited(TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => RefuseAsync(httpContext, retryAfter).AsTask();
    }
}

/// <summary>
/// Counts failures per key in fixed windows, from System.Threading.RateLimiting: <see cref="Refusal"/> looks without
/// spending (a zero-permit acquire), <see cref="Record"/> spends one permit per failure. In memory, per server.
/// </summary>
public abstract class FailureThrottle(WindowLimit limit) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0,
        }));

    /// <summary>Null while <paramref name="key"/> may try again; otherwise how long it waits.</summary>
    public TimeSpan? Refusal(string key)
    {
        using var lease = _failures.AttemptAcquire(key, permitCount: 0);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limit.Window;
    }

    public void Record(string key) => _failures.AttemptAcquire(key).Dispose();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing) _failures.Dispose();
    }
}

/// <summary>
/// Failed sign-ins per account name: the email as Identity normalizes it, whether or not such an account exists.
/// Attempts on one name take turns, so a burst of guesses cannot all pass the check before the first failure is counted.
/// </summary>
public sealed class SignInFailures(IOptions<RateLimitOptions> limits)
    : FailureThrottle(limits.Value.FailedSignInsPerAccount)
{
    // Identity's own normalizer, as its stores use it; Identity registers it per request, and this counter lives for the app.
    private static readonly UpperInvariantLookupNormalizer Normalizer = new();

    /// <summary>What a sign-in refused for a full queue of attempts on its account is told to wait.</summary>
    public static readonly TimeSpan BusyWait = TimeSpan.FromSeconds(1);

    private readonly PartitionedRateLimiter<string> _turns = PartitionedRateLimiter.Create<string, string>(account =>
        RateLimitPartition.GetConcurrencyLimiter(account, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = 1, QueueLimit = limits.Value.FailedSignInsPerAccount.PermitLimit, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));

    public string AccountName(string? email) => Normalizer.NormalizeEmail(email?.Trim()) ?? "";

    /// <summary>Hold the lease while checking, trying and recording; one not acquired (too many waiting) is refused.</summary>
    public ValueTask<RateLimitLease> TakeTurnAsync(string account, CancellationToken ct) => _turns.AcquireAsync(account, 1, ct);

    /// <summary>How long this attempt must wait, or null when it may go ahead: a turn not acquired waits <see cref="BusyWait"/>.</summary>
    public TimeSpan? WaitBefore(RateLimitLease turn, string account) => turn.IsAcquired ? Refusal(account) : BusyWait;

    protected override void Dispose(bool disposing)
    {
        if (disposing) _turns.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Scans answered <c>unknown_terminal</c>, per client address.</summary>
public sealed class TerminalAuthFailures(IOptions<RateLimitOptions> limits) : FailureThrottle(limits.Value.FailedTerminalAuthsPerAddress);
