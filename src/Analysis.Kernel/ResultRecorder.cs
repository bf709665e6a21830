using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Analysis.Kernel.Display;

namespace Analysis.Kernel;

/// <summary>
/// Named results a notebook records for whoever runs it headless, as scrapbook's <c>glue</c> does for Python: each
/// <see cref="Record"/> sends a <c>display_data</c> whose <see cref="MimeType"/> part carries the name and the value as
/// JSON, so the value lands in the output notebook where <c>analysis verify</c> (or any nbformat reader) finds it.
/// </summary>
/// <remarks>Generic on purpose: a number, a string, a table (any value <see cref="JsonSerializer"/> can write); what
/// the names mean belongs to the notebook and its claims file, not to the kernel.</remarks>
public sealed class ResultRecorder(IKernelFrontEnd frontEnd)
{
    /// <summary>The MIME type of a recorded result: <c>{"name": ..., "value": ...}</c>.</summary>
    public const string MimeType = "application/vnd.analysis.result+json";

    /// <summary>The MIME type of a random seed a library reports it used: <c>{"source": ..., "seed": ...}</c>.</summary>
    public const string SeedMimeType = "application/vnd.analysis.seed+json";

    private static readonly JsonSerializerOptions ValueJson = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        IncludeFields = true,
    };

    /// <summary>Records <paramref name="value"/> under <paramref name="name"/> and shows <c>name = value</c> in the cell.</summary>
    /// <param name="name">The result's name, as the claims file names it (letters, digits, <c>_</c>, <c>-</c> and <c>.</c>).</param>
    /// <param name="value">A number, string, boolean, or anything that serialises to JSON (a table as a list of rows).</param>
    /// <returns>The value, so a cell can record and use it in one expression.</returns>
    /// <exception cref="ArgumentException">The name is empty or has other characters.</exception>
    public T Record<T>(string name, T value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            throw new ArgumentException($"result name '{name}' may contain only letters, digits, '_', '-' and '.'", nameof(name));
        JsonNode? json;
        try
        {
            json = JsonSerializer.SerializeToNode(value, ValueJson);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or JsonException)
        {
            throw new ArgumentException($"result '{name}': a {TypeNames.Display(value?.GetType() ?? typeof(T))} cannot be written as JSON ({e.Message}); record a number, string or table of them", nameof(value), e);
        }
        var bundle = new MimeBundle()
            .With(MimeTypes.PlainText, $"{name} = {Show(value)}")
            .With(MimeType, new JsonObject { ["name"] = name, ["value"] = json });
        frontEnd.Display(bundle, null, update: false);
        return value;
    }

    /// <summary>Notes that <paramref name="source"/> drew random numbers from <paramref name="seed"/>; the output notebook
    /// keeps it (no visible output), so a run's provenance lists every seed it used.</summary>
    public void Seed(string source, long seed) =>
        frontEnd.Display(new MimeBundle().With(SeedMimeType, new JsonObject { ["source"] = source, ["seed"] = seed }), null, update: false);

    private static string Show<T>(T value) => value switch
    {
        null => "null",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
