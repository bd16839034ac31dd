using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Web.Hardening;
using CarbonHuitong.Web.Partners;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using NetEscapades.AspNetCore.SecurityHeaders;
using Scalar.AspNetCore;

namespace CarbonHuitong.Web.Api;

/// <summary>The refusals an endpoint answers with one status, each with its stable <c>code</c>: what the OpenAPI document lists.</summary>
public sealed record ProblemCodes(int Status, params string[] Codes);

/// <summary>
/// The OpenAPI document of the app-client, validator and partner APIs (Microsoft.AspNetCore.OpenApi, at its default
/// <c>/openapi/v1.json</c>) and its browsable page (Scalar, at <c>/api/docs</c>), in every environment and for anyone:
/// they describe what any client may call, and nothing more. The partner section says how to sign and what every
/// refusal code means, in English and Chinese.
/// </summary>
public static class ApiDocs
{
    public const string DocsPath = "/api/docs";
    public const string DocumentPattern = "/openapi/{documentName}.json";

    private static readonly string[] Published = ["api/me", "api/auth", "api/mall", "api/terminal", "api/partners", "api/districts", "api/government"];

    public const string PartnerIdScheme = "partnerId";
    public const string TimestampScheme = "partnerTimestamp";
    public const string SignatureScheme = "partnerSignature";
    public const string BearerScheme = "bearer";

    /// <summary>What each result code of a partner's event means, in English and Chinese; every code of <see cref="PartnerEventCodes.All"/>.</summary>
    public static IReadOnlyDictionary<string, (string En, string Zh)> EventCodes(TimeSpan claimWindow) => new Dictionary<string, (string, string)>
    {
        [PartnerEventCodes.BadEvent] = ("The event lacks an eventId, partnerUserId or occurredAt, or one of them is too long.",
            "事件缺少 eventId、partnerUserId 或 occurredAt，或其中某项过长。"),
        [PartnerEventCodes.NotLinked] = ("No citizen has linked this partnerUserId to your platform.", "尚无市民将该 partnerUserId 与贵平台绑定。"),
        [PartnerEventCodes.ConsentRevoked] = ("The citizen revoked the link (or closed the account): nothing after that is credited, whatever the event.",
            "市民已撤销绑定（或注销账户）：此后的任何事件都不再计入。"),
        [PartnerEventCodes.AccountFrozen] = ("The citizen's account is frozen by the platform while a possible misuse is checked: nothing is credited until the freeze is lifted.",
            "该市民账户因疑似违规被平台冻结核查：解冻前不计任何积分。"),
        [PartnerEventCodes.BehaviourNotAllowed] = ("Your platform is not registered to report this behaviour code, or there is no such behaviour.",
            "贵平台未获准上报该行为代码，或该行为不存在。"),
        [PartnerEventCodes.TooOld] = ($"occurredAt is more than {claimWindow.TotalDays:0} days ago (the claim window).",
            $"occurredAt 早于 {claimWindow.TotalDays:0} 天前（超出申领期限）。"),
        [PartnerEventCodes.InFuture] = ($"occurredAt is more than {EarningService.FutureToleranceOfClocks.TotalMinutes:0} minutes ahead of the platform's clock.",
            $"occurredAt 比平台时钟超前 {EarningService.FutureToleranceOfClocks.TotalMinutes:0} 分钟以上。"),
        [PartnerEventCodes.BadQuantity] = ($"quantity is missing, not more than 0, more than {EarningService.MaxQuantityPerEvent:0} or has more than two decimals.",
            $"quantity 缺失、不大于 0、大于 {EarningService.MaxQuantityPerEvent:0} 或超过两位小数。"),
        [PartnerEventCodes.DailyCap] = ("With status accepted: credited only up to the behaviour's daily cap for this citizen and China day (credits below the full amount). " +
            "With status refused: the cap was already reached that day, across all partners.",
            "状态为 accepted 时：仅按该行为每人每日（中国时间）上限部分计入（积分少于全额）。状态为 refused 时：当日上限已被所有合作方的事件用完。"),
        [PartnerEventCodes.CountedElsewhere] = ("The same act (same citizen and behaviour, within the behaviour's same-act window) was already reported by another source " +
            "and is counted once, there; the citizen's ledger shows both sources.",
            "同一行为（同一市民、同一行为、在该行为的判重时间窗内）已由其他来源上报并计入一次；市民的账本会显示两个来源。"),
    };

    public static IServiceCollection AddCarbonHuitongApiDocs(this IServiceCollection services)
    {
        services.AddOpenApi(options =>
        {
            options.ShouldInclude = description => description.RelativePath is { } path
                && Published.Any(prefix => path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal));
            options.AddDocumentTransformer<DocumentDescription>();
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy == PartnerSignatureAuthentication.Policy))
                    Require(operation, context.Document, PartnerIdScheme, TimestampScheme, SignatureScheme);
                else if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                    Require(operation, context.Document, BearerScheme);
                foreach (var problem in metadata.OfType<ProblemCodes>().GroupBy(p => p.Status))
                    DescribeProblem(operation, problem.Key, problem.SelectMany(p => p.Codes).Distinct());
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                var type = context.JsonTypeInfo.Type;
                // Credits and grams are exact decimals, never binary floating point.
                if (type == typeof(decimal) || type == typeof(decimal?)) schema.Format = "decimal";
                // Left out when empty (WhenWritingNull), so not required.
                if (type == typeof(PartnerEventResponse)) schema.Required?.ExceptWith(["code", "credits", "grams", "pending"]);
                if (context.JsonPropertyInfo?.DeclaringType == typeof(PartnerEventResponse))
                {
                    if (context.JsonPropertyInfo.Name == "status") schema.Enum = Values("accepted", "duplicate", "refused");
                    if (context.JsonPropertyInfo.Name == "code") schema.Enum = Values([.. PartnerEventCodes.All]);
                }
                if (context.JsonPropertyInfo?.DeclaringType == typeof(PartnerSettlementResponse) && context.JsonPropertyInfo.Name == "status")
                    schema.Enum = Values([.. Enum.GetValues<SettlementOutcome>().Select(PartnerApi.SettlementName)]);
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapCarbonHuitongApiDocs(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(DocumentPattern).AllowAnonymous();
        endpoints.MapScalarApiReference(DocsPath, (scalar, http) => scalar
                .WithTitle("Carbon Huitong API")
                .WithOpenApiRoutePattern(DocumentPattern)
                // The page's scripts carry this response's nonce, which the Content-Security-Policy allows.
                .WithNonce(http.GetNonce())
                // The bundle's validator (Zod) probes for eval with Function(""), which the policy refuses (and reports);
                // told to run without compiling, it does not probe, so the page needs no 'unsafe-eval'.
                .AddHeadContent($"<script nonce=\"{http.GetNonce()}\">globalThis.__zod_globalConfig = {{ jitless: true }};</script>")
                // Nothing from another origin: no CDN fonts, no telemetry, no AI agent, no proxy for trying a request.
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .HideDeveloperTools())
            .AllowAnonymous();
        return endpoints;
    }

    private static void Require(OpenApiOperation operation, OpenApiDocument? document, params string[] schemes)
    {
        var requirement = new OpenApiSecurityRequirement();
        foreach (var scheme in schemes) requirement[new OpenApiSecuritySchemeReference(scheme, document)] = [];
        operation.Security = [requirement];
    }

    /// <summary>Lists the refusals an endpoint (or its group) answers with <paramref name="status"/>, for the document.</summary>
    public static TBuilder Refuses<TBuilder>(this TBuilder builder, int status, params string[] codes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]),
            new ProblemCodes(status, codes));

    private static void DescribeProblem(OpenApiOperation operation, int statusCode, IEnumerable<string> codes)
    {
        operation.Responses ??= [];
        var status = statusCode.ToString(CultureInfo.InvariantCulture);
        var description = "Problem details (RFC 7807) whose `code` is " + string.Join(" or ", codes.Select(c => $"`{c}`")) + ".";
        if (operation.Responses.TryGetValue(status, out var existing) && existing is OpenApiResponse response) response.Description = description;
        else operation.Responses[status] = new OpenApiResponse { Description = description };
    }

    private static List<JsonNode> Values(params string[] values) => [.. values.Select(v => (JsonNode)JsonValue.Create(v))];

    /// <summary>The document's introduction and security schemes: how to sign a partner call, and every refusal code.</summary>
    private sealed class DocumentDescription(IOptions<EarningOptions> earning, IOptions<RateLimitOptions> limits) : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            document.Info.Title = "Carbon Huitong API";
            document.Info.Description = Introduction(earning.Value.ClaimWindow, limits.Value.PartnerCallsPerPartner);
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            var schemes = document.Components.SecuritySchemes;
            schemes[PartnerIdScheme] = Header(PartnerSignatureAuthentication.PartnerIdHeader, "The partner's code, as registered by the platform (合作方代码).");
            schemes[TimestampScheme] = Header(PartnerSignatureAuthentication.TimestampHeader,
                $"Unix seconds when the call was signed; at most {PartnerSignatures.AllowedSkew.TotalSeconds:0} s from the platform's clock (Unix 秒)。");
            schemes[SignatureScheme] = Header(PartnerSignatureAuthentication.SignatureHeader,
                "`v1=` followed by the lower-case hex HMAC-SHA256, keyed with an active secret of the partner, of " +
                "`<X-Timestamp>.<METHOD>.<path and query>.<raw body>` (see the introduction).");
            schemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer",
                Description = "The accessToken from POST /api/auth/login (an app client), or the sign-in cookie of the web app.",
            };
            return Task.CompletedTask;
        }

        private static OpenApiSecurityScheme Header(string name, string description) =>
            new() { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = name, Description = description };

        private static string Introduction(TimeSpan claimWindow, WindowLimit partnerLimit)
        {
            var text = new StringBuilder();
            text.AppendLine("""
                The citizens' app API (`/api/auth`, `/api/me`, `/api/mall`), the bus validators' API (`/api/terminal`) and the
                partner platforms' API (`/api/partners`). Every refusal is RFC 7807 problem details with a stable `code`.
                """);
            text.AppendLine();
            text.AppendLine("## Partner platforms: signing a call / 合作方：请求签名");
            text.AppendLine($$"""
                Every call to `/api/partners` carries three headers. 每个请求带三个请求头：

                - `X-Partner-Id`: your partner code / 合作方代码;
                - `X-Timestamp`: Unix seconds, within ±{{PartnerSignatures.AllowedSkew.TotalSeconds:0}} s of the platform's clock / Unix 秒，与平台时钟相差不超过 {{PartnerSignatures.AllowedSkew.TotalSeconds:0}} 秒;
                - `X-Signature`: `v1=<lower-case hex HMAC-SHA256>` of the UTF-8 bytes of
                  `"<X-Timestamp>.<METHOD>.<path and query>."` followed by the raw body bytes, keyed with the UTF-8 bytes of any
                  active secret of yours / 以任一有效密钥对上述字节做 HMAC-SHA256，小写十六进制。

                The path and query are exactly as sent on the request line; a GET is signed over an empty body. For example
                `1764633600.POST./api/partners/events.{"events":[...]}` or
                `1764633600.GET./api/partners/reconciliation?date=2026-12-01.`. During a rotation a new secret and the old
                one both work until the old one is retired.

                A call with a wrong or missing signature, a timestamp outside the window, a retired secret, or from an
                unknown or suspended partner is answered 401 with code `invalid_signature` or `unknown_partner`, and
                nothing is written. Each partner may make {{partnerLimit.PermitLimit}} calls per {{partnerLimit.WindowSeconds}} s
                (429 `rate_limited` with Retry-After after that); calls whose signature fails are counted per client address.
                A batch holds at most {{PartnerFeed.MaxEventsPerCall:#,0}} events (400 `too_many_events`).
                """);
            text.AppendLine();
            text.AppendLine("### Event result codes / 事件结果代码");
            text.AppendLine("""
                Each event is answered in order with `status` `accepted`, `duplicate` (the same eventId again: the first
                answer's credits, nothing written) or `refused`. The checks run in this order and the first that fails gives
                the code: the link, the behaviour, the time, the quantity, then the daily cap and the same act from another
                source. One bad event never fails the batch.

                | code | meaning | 说明 |
                |---|---|---|
                """);
            var codes = EventCodes(claimWindow);
            foreach (var code in PartnerEventCodes.All) text.AppendLine($"| `{code}` | {codes[code].En} | {codes[code].Zh} |");
            text.AppendLine();
            text.AppendLine("### Pending events / 待确认事件");
            text.AppendLine($$"""
                An act that can still be cancelled (a takeaway order) is sent with `"pending": true`. If accepted, its result
                says `"pending": true` and its credits are held: the citizen sees them as pending, cannot spend them, and
                its CO₂e is not counted yet. Settle it by its eventId with `POST /api/partners/events/confirmations` (the
                credits become spendable) or `POST /api/partners/events/reversals` (they are taken back), with
                `{"eventIds": [...]}`, at most {{PendingCredits.MaxEventsPerCall:#,0}} ids, signed as above. An event neither
                confirmed nor reversed within your pending window (set by the platform, {{Partner.DefaultPendingWindowHours}}
                hours unless agreed otherwise) is confirmed by the platform, and then can no longer be reversed by you.
                Both calls are idempotent, and each id is answered in order with one of these statuses:

                可撤销的行为（如外卖订单）以 `"pending": true` 上报，被接受后其结果带 `"pending": true`，积分暂存：市民可见但不可使用，
                减排量暂不计入。请按 eventId 调用确认接口（积分转为可用）或撤销接口（积分收回），每次最多
                {{PendingCredits.MaxEventsPerCall:#,0}} 个 ID，签名方式同上。超过贵方的待确认期限（默认 {{Partner.DefaultPendingWindowHours}}
                小时）仍未处理的事件由平台自动确认，此后贵方不能再撤销。两个接口均为幂等，每个 ID 按顺序返回以下状态之一：

                | status | meaning | 说明 |
                |---|---|---|
                """);
            foreach (var (outcome, (en, zh)) in PartnerApi.SettlementStatuses)
                text.AppendLine($"| `{PartnerApi.SettlementName(outcome)}` | {en} | {zh} |");
            return text.ToString();
        }
    }
}
