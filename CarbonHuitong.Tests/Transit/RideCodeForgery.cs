using System.Buffers.Text;
using System.Security.Cryptography;
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

/// <summary>What someone holding a private key (or what they take for one) signs: a fresh code for any account.</summary>
internal static class RideCodeSigning
{
    public static string SignedWith(ECDsa key, string keyId, long accountId, TimeProvider clock)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var payload = new JsonObject { ["a"] = accountId, ["iat"] = now, ["exp"] = now + 60, ["n"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), ["k"] = keyId };
        var signedPart = $"{RideCodes.Prefix}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()))}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signedPart), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signedPart}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>An ECDSA key from what a private-key column holds, or null when it is not a PKCS#8 private key.</summary>
    public static ECDsa? ImportOrNull(byte[] privateKeyColumn)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportPkcs8PrivateKey(privateKeyColumn, out _);
            return ecdsa;
        }
        catch (CryptographicException)
        {
            ecdsa.Dispose();
            return null;
        }
    }
}
