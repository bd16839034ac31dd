using System.Text;

namespace CarbonHuitong.Tests.Web.Fuzz;

/// <summary>The hostile and careless values the fuzz test sends, by what they are sent as.</summary>
public static class FuzzInputs
{
    public const string LongMaxPlusOne = "9223372036854775808";

    public static readonly string LongText = new('汇', 20_000);

    /// <summary>Text for a query string or a header: each as a client could type or forge it.</summary>
    public static readonly string[] Texts =
    [
        "", " ", "\t\r\n", "\u0000", "\u0001\u0007\u001b[31m", "\u200b\u202e", "🚌🌱👩🏽‍🚀", "\ud83d", "汇碳", "null", "undefined", "NaN",
        "'; DROP TABLE \"LedgerEntries\"; --", "<script>alert(1)</script>", "../../../etc/passwd", "%00", "%", "%%", "a&b=c",
        "{\"a\":1}", "[]", "-0", "1e309", LongText, "https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)",
    ];

    /// <summary>Numbers and near-numbers for a whole-number parameter.</summary>
    public static readonly string[] Numbers =
    [
        "0", "-1", "1", "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", LongMaxPlusOne,
        "-9223372036854775809", "99999999999999999999999999999", "1.5", "1e3", "0x10", "+5", "٣", "abc", "", "1 ", " 1", "1,000", "NaN", "Infinity",
    ];

    public static readonly string[] Dates =
    [
        "0001-01-01", "9999-12-31", "0000-12-31", "10000-01-01", "2026-02-30", "2026-13-01", "2026-03-18T25:00", "18/03/2026",
        "-2026-03-18", "2026-03-18", "today", "",
    ];

    public static readonly string[] Booleans = ["true", "false", "True", "1", "0", "yes", "", "null"];

    /// <summary>JSON values to put where a field's value goes.</summary>
    public static readonly string[] JsonValues =
    [
        "null", "true", "0", "-1", "1.5", "-0", "1e400", "-1e400", LongMaxPlusOne, "-9223372036854775809", "2147483648",
        "99999999999999999999999999999999999999", "\"\"", "\" \"", "\"\\u0000\"", "\"\\u0001\\u001f\"", "\"🚌🌱\"", "\"\\ud800\"",
        "\"" + LongText + "\"", "\"1\"", "\"9223372036854775808\"", "\"0001-01-01T00:00:00\"", "\"0001-01-01T00:00:00+14:00\"",
        "\"9999-12-31T23:59:59.9999999-14:00\"", "\"10000-01-01\"", "\"2026-13-45\"", "\"not a date\"", "{}", "[]", "[1,2]", "{\"$ref\":\"1\"}",
    ];

    /// <summary>Whole bodies that are not the JSON an endpoint expects, whatever it expects.</summary>
    public static readonly string[] JsonBodies =
    [
        "", " ", "null", "true", "0", "\"text\"", "[]", "[{}]", "{", "}", "{\"a\":", "{\"a\" 1}", "{'a':1}", "{\"a\":1,}", "{} {}", "{}garbage",
        "\u0000", "{\"a\":\"\u0000\"}", "\ufeff{}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":01}", "/* comment */ {}",
        new string('[', 5_000) + new string(']', 5_000), string.Concat(Enumerable.Repeat("{\"a\":", 70)) + "1" + new string('}', 70),
    ];

    /// <summary>Content types with a body of valid-looking JSON: wrong media types, and charsets nobody can read.</summary>
    public static readonly string?[] ContentTypes =
    [
        null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=foo",
        "application/json; charset=utf-7", "application/json; charset=\"\"", "application/json; charset=utf-16", "application/json; charset=utf-32",
        "application/json;;;", "application/json; charset=utf-8; charset=latin1", "application/jsonx", "*/*", "application/", "json",
        "application/problem+json", "application/json; charset=iso-8859-1",
    ];

    public static readonly byte[][] RawBodies =
    [
        [0xff, 0xfe, 0xfd], [0xc3, 0x28], [0xef, 0xbb, 0xbf, 0x7b, 0x7d], [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d],
        Encoding.UTF8.GetBytes(new string('x', 300_000)),
    ];
}
