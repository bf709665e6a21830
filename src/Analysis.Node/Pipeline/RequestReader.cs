using Analysis.Contracts;
using Microsoft.AspNetCore.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Analysis.Node.Pipeline;

/// <summary>Reads a JSON request body strictly: bounded size, no unknown members, no type coercion.</summary>
/// <remarks>Requests are read and answers written with the contract's source-generated options
/// (<see cref="ContractJson.Strict"/>, <see cref="ContractJson.Lenient"/>), the very ones the client uses.</remarks>
internal static partial class RequestReader
{
    /// <summary>The largest body accepted.</summary>
    public const int MaxBodyBytes = 1 << 20;

    [GeneratedRegex("property '([^']+)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    /// <summary>Reads the raw body, refusing more than <see cref="MaxBodyBytes"/>.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The body text.</returns>
    /// <exception cref="RequestException">The body is too large.</exception>
    public static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes) throw TooLarge();
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes) throw TooLarge();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Deserialises a body.</summary>
    /// <typeparam name="T">The request type.</typeparam>
    /// <param name="body">The body text.</param>
    /// <param name="options">The serializer options; <see cref="ContractJson.Strict"/> when omitted.</param>
    /// <returns>The request.</returns>
    /// <exception cref="RequestException">The JSON is malformed or does not fit <typeparamref name="T"/>; names the field.</exception>
    public static T Parse<T>(string body, JsonSerializerOptions? options = null)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, options ?? ContractJson.Strict) ?? throw RequestException.Invalid("$", "the body must be a JSON object");
        }
        catch (JsonException e)
        {
            var field = FieldOf(e);
            if (e.Message.Contains("could not be mapped", StringComparison.Ordinal)) throw RequestException.Invalid(field, $"unknown field '{field}'");
            if (e.Message.Contains("could not be converted", StringComparison.Ordinal) && Expected(typeof(T), field, options ?? ContractJson.Strict) is { } expected)
                throw RequestException.Invalid(field, $"wrong type at '{field}': expected {expected} (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})");
            throw RequestException.Invalid(field, $"malformed JSON or wrong type at '{field}': {e.Message}");
        }
    }

    /// <summary>What the member at <paramref name="field"/> of <paramref name="root"/> holds, in words; null when the path does not lead to one.</summary>
    /// <remarks>Read from the contract's metadata because the serializer's message names the type it was building, which for
    /// an init-only member is the containing record rather than the member.</remarks>
    private static string? Expected(Type root, string field, JsonSerializerOptions options)
    {
        try
        {
            var type = root;
            foreach (var segment in field.Split('.'))
            {
                var (name, indexes) = (segment.Split('[')[0], segment.Count(c => c == '['));
                var info = options.GetTypeInfo(type);
                type = info.Kind switch
                {
                    JsonTypeInfoKind.Dictionary => info.ElementType!,
                    JsonTypeInfoKind.Object => info.Properties.FirstOrDefault(p => p.Name == name)?.PropertyType,
                    _ => null,
                } ?? throw new KeyNotFoundException(name);
                for (var i = 0; i < indexes; i++)
                    type = options.GetTypeInfo(type) is { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } element } ? element : throw new KeyNotFoundException(segment);
            }
            type = Nullable.GetUnderlyingType(type) ?? type;
            return Type.GetTypeCode(type) switch
            {
                TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
                TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
                TypeCode.String => "a string",
                TypeCode.Boolean => "true or false",
                _ => options.GetTypeInfo(type).Kind switch
                {
                    JsonTypeInfoKind.Enumerable => "an array",
                    JsonTypeInfoKind.Dictionary or JsonTypeInfoKind.Object => "an object",
                    _ => null,
                },
            };
        }
        catch (Exception e) when (e is KeyNotFoundException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }

    private static string FieldOf(JsonException e)
    {
        var path = e.Path is null or "$" ? "" : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path.TrimStart('$');
        if (UnmappedProperty().Match(e.Message) is { Success: true } m)
        {
            // The serializer reports the containing object's path; append the offending member so the field is exact.
            var name = m.Groups[1].Value;
            return path.Length == 0 || path.EndsWith(name, StringComparison.Ordinal) ? (path.Length == 0 ? name : path) : $"{path}.{name}";
        }
        return path.Length == 0 ? "$" : path;
    }

    private static RequestException TooLarge() => RequestException.Invalid("$", $"the request body exceeds {MaxBodyBytes} bytes");
}
