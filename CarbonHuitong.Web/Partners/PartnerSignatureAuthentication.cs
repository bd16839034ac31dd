using System.Security.Claims;
using System.Text.Encodings.Web;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Web.Partners;

/// <summary>
/// A partner's signed call as an authentication scheme: the raw body is buffered (within the server's request size
/// limit) and checked with Core's <see cref="PartnerSignatures"/> against <c>X-Partner-Id</c>, <c>X-Timestamp</c>,
/// <c>X-Signature</c>, the method and the path and query as sent. The principal carries the partner's code and the
/// behaviours it may report, so an endpoint knows the partner only from a signature that matched, never from a header.
/// A refusal is 401 problem details, <c>invalid_signature</c> or <c>unknown_partner</c>, written before any endpoint runs.
/// </summary>
public static class PartnerSignatureAuthentication
{
    public const string Scheme = "PartnerSignature";
    public const string Policy = "partner-signature";
    public const string PartnerIdHeader = "X-Partner-Id";
    public const string TimestampHeader = "X-Timestamp";
    public const string SignatureHeader = "X-Signature";
    public const string PartnerClaim = "partner";
    public const string BehaviourClaim = "partner_behaviour";

    public static IServiceCollection AddPartnerSignatures(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, PartnerSignatureHandler>(Scheme, _ => { });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireClaim(PartnerClaim));
        return services;
    }

    /// <summary>The endpoints a partner signs: only this scheme's principal counts there, whatever cookie or token comes along.</summary>
    public static TBuilder RequirePartnerSignature<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policy).WithMetadata(PartnerSignedEndpoint.Instance);

    /// <summary>
    /// Before the rate limiter, on the endpoints a partner signs: checks the signature so the limiter can count calls
    /// per authenticated partner (and per address those whose signature failed). Authorization, after the limiter,
    /// then refuses a failed one with this scheme's 401; the check is made once per request.
    /// </summary>
    public static IApplicationBuilder UsePartnerSignatures(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<PartnerSignedEndpoint>() is not null
            && await context.AuthenticateAsync(Scheme) is { Succeeded: true, Principal: { } partner })
            context.User = partner;
        await next(context);
    });

    /// <summary>The partner whose signature matched this request, or null for any other caller.</summary>
    public static string? PartnerCodeOf(ClaimsPrincipal user) =>
        user.Identities.FirstOrDefault(i => i is { IsAuthenticated: true, AuthenticationType: Scheme })?.FindFirst(PartnerClaim)?.Value;

    public static PartnerIdentity IdentityOf(ClaimsPrincipal user) =>
        new(PartnerCodeOf(user) ?? throw new InvalidOperationException("The endpoint requires a partner's signature."),
            user.FindAll(BehaviourClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));

    /// <summary>What was signed: the request target exactly as the client sent it (Kestrel's raw target), or rebuilt escaped.</summary>
    public static string SignedPathAndQuery(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(raw) && raw[0] == '/') return raw;
        var request = context.Request;
        return request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
    }

    private sealed class PartnerSignedEndpoint
    {
        public static readonly PartnerSignedEndpoint Instance = new();
    }
}

internal sealed class PartnerSignatureHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    PartnerSignatures signatures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var partnerId = Single(PartnerSignatureAuthentication.PartnerIdHeader);
        var timestamp = Single(PartnerSignatureAuthentication.TimestampHeader);
        var signature = Single(PartnerSignatureAuthentication.SignatureHeader);
        try
        {
            // A call missing a header is refused whatever its body says: it is not read.
            var body = partnerId is null || timestamp is null || signature is null ? ReadOnlyMemory<byte>.Empty : await ReadBodyAsync();
            var partner = await signatures.VerifyAsync(partnerId, timestamp, signature, Request.Method,
                PartnerSignatureAuthentication.SignedPathAndQuery(Context), body, Context.RequestAborted);
            var identity = new ClaimsIdentity(
                partner.BehaviourCodes.Select(b => new Claim(PartnerSignatureAuthentication.BehaviourClaim, b))
                    .Prepend(new Claim(PartnerSignatureAuthentication.PartnerClaim, partner.Code)),
                PartnerSignatureAuthentication.Scheme);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
        }
        catch (DomainException refused) when (refused.Code is ErrorCodes.UnknownPartner or ErrorCodes.InvalidSignature)
        {
            return AuthenticateResult.Fail(refused);
        }
    }

    private string? Single(string header) => Request.Headers[header] is [{ } value] ? value : null;

    /// <summary>
    /// The body as sent, read once and rewound for the endpoint's JSON binding. The server's request size limit applies
    /// while it is read (a larger body is 413 <c>payload_too_large</c>).
    /// </summary>
    private async Task<ReadOnlyMemory<byte>> ReadBodyAsync()
    {
        Request.EnableBuffering();
        using var copy = new MemoryStream();
        await Request.Body.CopyToAsync(copy, Context.RequestAborted);
        Request.Body.Position = 0;
        return copy.ToArray();
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var refusal = (await HandleAuthenticateOnceAsync()).Failure as DomainException
            ?? new DomainException(ErrorCodes.InvalidSignature, "This endpoint takes a partner's signed call.");
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = PartnerSignatureAuthentication.Scheme;
        await ProblemDetailsSetup.WriteAsync(Context, new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized, Detail = refusal.Message, Extensions = { ["code"] = refusal.Code },
        });
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => HandleChallengeAsync(properties);
}
