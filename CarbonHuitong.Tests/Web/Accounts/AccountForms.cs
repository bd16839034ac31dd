using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using CarbonHuitong.Core.Identity;
using Microsoft.Extensions.Logging;

namespace CarbonHuitong.Tests.Web.Accounts;

/// <summary>Posts the static account forms as a browser does: the page first, then the form with its antiforgery token.</summary>
internal static partial class AccountForms
{
    public static async Task<(HttpResponseMessage Response, string Html)> PostAsync(HttpClient browser, string page, string handler, Dictionary<string, string> fields)
    {
        var form = await browser.GetStringAsync(page);
        fields["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value;
        fields["_handler"] = handler;
        var response = await browser.PostAsync(page, new FormUrlEncodedContent(fields));
        return (response, await response.Content.ReadAsStringAsync());
    }

    public static Task<(HttpResponseMessage Response, string Html)> RegisterAsync(HttpClient browser, string email, bool acceptsTerms = true,
        string password = "Green-Trip-2026")
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = password, ["Input.ConfirmPassword"] = password, ["Input.DistrictCode"] = "",
        };
        if (acceptsTerms) fields["Input.AcceptsTerms"] = "true";
        return PostAsync(browser, "/Account/Register", "register", fields);
    }

    public static async Task<string> ForgotPasswordAsync(HttpClient browser, string email)
    {
        var (response, html) = await PostAsync(browser, "/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = email });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return html;
    }

    /// <summary>The page as a person reads it: without the tokens, nonces and circuit descriptors that differ on every answer.</summary>
    public static string WhatAPersonReads(string html) => Nonce().Replace(Descriptor().Replace(Token().Replace(html, ""), ""), "");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("nonce=\"[^\"]*\"")]
    private static partial Regex Nonce();

    [GeneratedRegex("<!--Blazor[:-][^>]*-->")]
    private static partial Regex Descriptor();
}

/// <summary>An account message sender that reaches people: it keeps what it was given.</summary>
public sealed class RecordingAccountMessages : IAccountMessageSender
{
    public ConcurrentQueue<AccountMessage> Sent { get; } = new();

    public bool Delivers => true;

    public Task SendAsync(AccountMessage message, CancellationToken ct)
    {
        Sent.Enqueue(message);
        return Task.CompletedTask;
    }
}

/// <summary>Every line the app logs at any level its settings let through, with the values of its template.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Capture(categoryName, Lines);

    public void Dispose()
    {
    }

    /// <summary>Asserts that no line holds any of <paramref name="secrets"/>, and that something was logged at all.</summary>
    public void AssertHoldsNone(params string[] secrets)
    {
        Assert.NotEmpty(Lines);
        foreach (var secret in secrets)
            Assert.DoesNotContain(Lines, line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
    }

    private sealed class Capture(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {values} {exception}");
        }
    }
}
