using System.Globalization;
using CsvHelper;

namespace CarbonHuitong.Web.Api;

/// <summary>A CSV download with a UTF-8 byte order mark, so a spreadsheet opens Chinese names as written.</summary>
public static class CsvFile
{
    public static IResult Of(string fileName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var name in header) csv.WriteField(name);
            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (var field in row) csv.WriteField(field);
                csv.NextRecord();
            }
        }
        return TypedResults.File(System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(writer.ToString())).ToArray(),
            "text/csv; charset=utf-8", fileName);
    }
}
