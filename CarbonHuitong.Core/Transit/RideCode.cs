using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CarbonHuitong.Core.Transit;

public sealed record RideCodeClaims(long AccountId, DateTime IssuedAt, DateTime ExpiresAt, string Nonce, string KeyId);

public sealed record IssuedRideCode(string Token, DateTime ExpiresAt);

/// <summary>
/// The ride code a citizen shows at the validator: <c>CH1.&lt;payload&gt;.&lt;signature&gt;</c>, base64url, where the payload
/// names the account, when the code was issued and expires, a nonce and the key id, and the signature is ES256 over
/// <c>CH1.&lt;payload&gt;</c>. Short enough for a QR code a validator reads at a glance.
/// </summary>
public sealed partial class RideCodes(RideCodeKeyring keyring, TimeProvider clock)
{
    public const string Prefix = "CH1";
    public const int MaxTokenLength = 512;
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromSeconds(10);
    private const long MaxUnixSeconds = 253_402_300_799;

    public RideCodeKeyring Keyring => keyring;

    public IssuedRideCode Issue(long accountId)
    {
        var now = TruncateToSeconds(clock.GetUtcNow().UtcDateTime);
        var expires = now + Lifetime;
        var payload = new Payload(accountId, ToUnix(now), ToUnix(expires), Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12)), keyring.ActiveKeyId);
        var signedPart = $"{Prefix}.{Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload, PayloadContext.Default.Payload))}";
        var signature = keyring.Sign(Encoding.ASCII.GetBytes(signedPart), out var keyId);
        if (keyId != payload.K)
        {
            // The key rotated between reading its id and signing: sign again under the new id.
            return Issue(accountId);
        }
        return new IssuedRideCode($"{signedPart}.{Base64Url.EncodeToString(signature)}", expires);
    }

    /// <summary>Checks the signature and freshness; refuses with <c>invalid_code</c> or <c>expired_code</c>.</summary>
    /// <param name="checkFreshness">False only to recognise a code already accepted, when a validator retries.</param>
    public RideCodeClaims Verify(string? token, bool checkFreshness = true)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength) throw Invalid();
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Prefix) throw Invalid();

        Payload? payload;
        byte[] signature;
        try
        {
            payload = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(parts[1]), PayloadContext.Default.Payload);
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw Invalid();
        }
        if (payload is null || string.IsNullOrEmpty(payload.K) || string.IsNullOrEmpty(payload.N) || payload.Exp <= payload.Iat
            || payload.Iat <= 0 || payload.Exp > MaxUnixSeconds || payload.N.Length > 32) throw Invalid();

        var signedPart = Encoding.ASCII.GetBytes(token.AsSpan(0, parts[0].Length + 1 + parts[1].Length).ToString());
        if (!keyring.Verify(payload.K, signedPart, signature)) throw Invalid();

        var issued = FromUnix(payload.Iat);
        var expires = FromUnix(payload.Exp);
        if (expires - issued > Lifetime || issued > clock.GetUtcNow().UtcDateTime + ClockTolerance) throw Invalid();
        var claims = new RideCodeClaims(payload.A, issued, expires, payload.N, payload.K);
        if (checkFreshness) EnsureFresh(claims);
        return claims;
    }

    /// <summary>Refuses a verified code past its expiry (with the clock tolerance) with <c>expired_code</c>.</summary>
    public void EnsureFresh(RideCodeClaims claims)
    {
        if (clock.GetUtcNow().UtcDateTime > claims.ExpiresAt + ClockTolerance)
            throw new DomainException(ErrorCodes.ExpiredCode, "This ride code has expired; refresh it and scan again.");
    }

    /// <summary>The key id a code claims, read without checking anything else; null when the code is not readable.</summary>
    public static string? ClaimedKeyId(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 } || parts[0] != Prefix || token!.Length > MaxTokenLength) return null;
        try
        {
            return JsonSerializer.Deserialize(Base64Url.DecodeFromChars(parts[1]), PayloadContext.Default.Payload)?.K;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static DomainException Invalid() =>
        new(ErrorCodes.InvalidCode, "This is not a valid ride code.");

    private static DateTime TruncateToSeconds(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
    private static long ToUnix(DateTime utc) => new DateTimeOffset(utc).ToUnixTimeSeconds();
    private static DateTime FromUnix(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;

    internal sealed record Payload(
        [property: JsonPropertyName("a")] long A,
        [property: JsonPropertyName("iat")] long Iat,
        [property: JsonPropertyName("exp")] long Exp,
        [property: JsonPropertyName("n")] string N,
        [property: JsonPropertyName("k")] string K);

    [JsonSerializable(typeof(Payload))]
    internal sealed partial class PayloadContext : JsonSerializerContext;
}
