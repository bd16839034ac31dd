using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using CarbonHuitong.Core.Transit;

namespace CarbonHuitong.Tests.Transit;

/// <summary>What someone holding a ride code (but not the platform's private key) can do to it, and what they cannot.</summary>
internal static class RideCodeForgery
{
    public static JsonObject PayloadOf(string token) =>
        JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!.AsObject();

    /// <summary>The payload changed and encoded again; the signature is the one made for the original payload.</summary>
    public static string WithPayloadChanged(string token, Action<JsonObject> change)
    {
        var parts = token.Split('.');
        var payload = PayloadOf(token);
        change(payload);
        return $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";
    }

    public static string WithSignatureBitFlipped(string token)
    {
        var parts = token.Split('.');
        var signature = Base64Url.DecodeFromChars(parts[2]);
        signature[signature.Length / 2] ^= 0x01;
        return $"{parts[0]}.{parts[1]}.{Base64Url.EncodeToString(signature)}";
    }

    public static string WithSignature(string token, string signature)
    {
        var parts = token.Split('.');
        return $"{parts[0]}.{parts[1]}.{signature}";
    }

    public static string SignatureOf(string token) => token.Split('.')[2];

    /// <summary>
    /// A payload of our choosing, truly signed with the platform's active key: what only the platform can make,
    /// to show the verifier still holds a signed code to its rules.
    /// </summary>
    public static string SignedByThePlatform(RideCodeKeyring keyring, JsonObject payload)
    {
        payload["k"] = keyring.ActiveKeyId;
        var signedPart = $"{RideCodes.Prefix}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()))}";
        var signature = keyring.Sign(Encoding.ASCII.GetBytes(signedPart), out _);
        return $"{signedPart}.{Base64Url.EncodeToString(signature)}";
    }
}
