using Microsoft.Extensions.Logging;

namespace CarbonHuitong.Core.Identity;

public enum AccountMessageKind
{
    /// <summary>A link to set a new password (<see cref="AccountMessage.LinkPath"/>), asked for on the forgot-password page.</summary>
    PasswordReset,

    /// <summary>Someone tried to register this email again: "you already have an account; sign in or reset your password".</summary>
    AlreadyRegistered,
}

/// <summary>
/// One message about a sign-in account, for its email's owner. <see cref="LinkPath"/> is a path on this site with a
/// one-time code ("/Account/ResetPassword?code=…"): the sender puts its site's public address in front, from its own
/// settings, never from a request's Host header. The link and the email are secrets of the account: never log them.
/// </summary>
/// <param name="Culture">The language the person used when they asked ("zh-CN", "en"): the message's language.</param>
public sealed record AccountMessage(AccountMessageKind Kind, string UserId, string Email, string? LinkPath, string Culture)
{
    // A record prints every property; this one is written to logs by mistake more easily than it is read there.
    public override string ToString() => $"AccountMessage {{ Kind = {Kind}, UserId = {UserId} }}";
}

/// <summary>
/// Takes account messages (a password reset link, "you already have an account") to the email's owner: mail or SMS.
/// The default cannot reach anyone; an operator registers a real one (scoped, after <c>AddCarbonHuitongCore</c>).
/// </summary>
public interface IAccountMessageSender
{
    /// <summary>
    /// Whether a message reaches its person. False for the default: outside Development the forgot-password page then
    /// says the flow is unavailable, rather than promise a message that never comes.
    /// </summary>
    bool Delivers { get; }

    Task SendAsync(AccountMessage message, CancellationToken ct);
}

/// <summary>The default: logs the kind and the user id, never the email or the link, and delivers nothing.</summary>
public sealed partial class LoggingAccountMessageSender(ILogger<LoggingAccountMessageSender> logger) : IAccountMessageSender
{
    public bool Delivers => false;

    public Task SendAsync(AccountMessage message, CancellationToken ct)
    {
        NotSent(message.Kind, message.UserId);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account message {Kind} for user {UserId}: no account message sender is set up, so it was not sent")]
    private partial void NotSent(AccountMessageKind kind, string userId);
}
