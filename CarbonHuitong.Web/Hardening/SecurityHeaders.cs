using NetEscapades.AspNetCore.SecurityHeaders;

namespace CarbonHuitong.Web.Hardening;

/// <summary>
/// The security headers on every response (pages, the API, static files, errors and redirects), from
/// NetEscapades.AspNetCore.SecurityHeaders. Its middleware runs first, so nothing later can answer without them.
/// </summary>
public static class SecurityHeaders
{
    public static IServiceCollection AddCarbonHuitongSecurityHeaders(this IServiceCollection services)
    {
        services.AddSecurityHeaderPolicies().SetDefaultPolicy(policy => policy
            .AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                csp.AddBaseUri().Self();
                csp.AddObjectSrc().None();
                csp.AddFormAction().Self();
                // Replaces Blazor's own "frame-ancestors 'self'" (switched off in MapCarbonHuitong) with a stricter one.
                csp.AddFrameAncestors().None();
                // Blazor renders its import map inline: it carries this request's nonce (App.razor). Every other script is a file.
                csp.AddScriptSrc().Self().WithNonce();
                // MudBlazor writes its theme as a <style> element and positions popovers with style attributes.
                csp.AddStyleSrc().Self().UnsafeInline();
                // The ride code's QR is a data: PNG; a mall item's picture is a path here or an https address (MallItem).
                csp.AddImgSrc().Self().Data().OverHttps();
                // The circuit's WebSocket: CSP3's 'self' matches ws:/wss: on this host.
                csp.AddConnectSrc().Self();
            })
            .AddContentTypeOptionsNoSniff()
            .AddReferrerPolicyStrictOriginWhenCrossOrigin()
            // For browsers that predate frame-ancestors.
            .AddFrameOptionsDeny()
            // No page uses the camera, microphone, location or payments (the validator simulator takes a pasted code).
            .AddPermissionsPolicyWithDefaultSecureDirectives()
            .AddCrossOriginOpenerPolicy(coop => coop.SameOrigin()));
        return services;
    }

    /// <summary>The nonce this response's Content-Security-Policy allows, for the one inline script Blazor renders.</summary>
    public static string ScriptNonce(HttpContext context) => context.GetNonce();
}
