using System.Text.Json;
using Analysis.Contracts;

namespace Analysis.Federation;

/// <summary>How the client reads a node's answers: the contract's source-generated types, tolerant of what it does not know, strict about what it needs.</summary>
internal static class ClientJson
{
    /// <summary>
    /// The contract's generated types with the client's reading rules: unknown members are skipped (a newer node may
    /// add some), every member a result record is constructed from must be there, and null only where the contract allows it.
    /// </summary>
    public static ContractJson Answers { get; } = new(new JsonSerializerOptions(ContractJson.Lenient)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    });

    /// <summary>Reads an error answer's problem details, whatever members it has.</summary>
    public static Problem? Problem(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, ContractJson.Lenient.GetTypeInfo(typeof(Problem))) as Problem;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Why an answer could not be read, in a few words that name the member: <c>no 'intervals' in strata[0]</c>.</summary>
    public static string Describe(JsonException error)
    {
        // The reader's own errors (a syntax error anywhere) come wrapped; the rest are about the shape.
        if (error.InnerException is JsonException) return "the answer is not JSON";
        var where = error.Path is null or "$" ? null : error.Path.StartsWith("$.", StringComparison.Ordinal) ? error.Path[2..] : error.Path;
        var message = error.Message;
        const string Missing = "missing required properties including: ";
        if (message.IndexOf(Missing, StringComparison.Ordinal) is var at and >= 0)
            return $"no {message[(at + Missing.Length)..].TrimEnd('.', ' ')} in {where ?? "it"}";
        if (message.Contains("doesn't allow null values", StringComparison.Ordinal)) return $"'{where}' is null";
        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
            return where is null ? "the answer is not an object of the expected shape" : $"'{where}' has a value of the wrong type";
        // Converters' own messages (a released cell that is neither form) say what is wrong; add where.
        var first = message.Split(" Path: ", 2)[0];
        return where is null ? first : $"{where}: {first}";
    }
}
