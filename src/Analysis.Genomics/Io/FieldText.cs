using System.Globalization;

namespace Analysis.Genomics.Io;

/// <summary>Parses the numbers of tab-separated fields, with the messages both readers give.</summary>
internal static class FieldText
{
    public static long Integer(string text, string field) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value : throw new LineFormatException($"{field} is not an integer: '{text}'");

    public static double Float(string text, string field) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value : throw new LineFormatException($"{field} is not a number: '{text}'");
}
