using Analysis.Contracts;
using Microsoft.AspNetCore.Http;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Analysis.Node.Pipeline;

/// <summary>Reads a JSON request body strictly: bounded size, member names exact and each at most once, lists bounded, no
/// unknown members, no type coercion; and gives the canonical form of what was read, which is what the audit log records.</summary>
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
    /// <param name="cancellation">The request's deadline.</param>
    /// <returns>The body text.</returns>
    /// <exception cref="RequestException">The body is too large.</exception>
    public static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellation = default)
    {
        if (request.ContentLength > MaxBodyBytes) throw TooLarge();
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(request.HttpContext.RequestAborted, cancellation);
        while ((read = await request.Body.ReadAsync(chunk, linked.Token)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes) throw TooLarge();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads a body into its request and the request's canonical JSON.</summary>
    /// <typeparam name="T">The request type.</typeparam>
    /// <param name="body">The body text.</param>
    /// <param name="maxListLength">The most items any list may hold.</param>
    /// <param name="options">The serializer options; <see cref="ContractJson.Strict"/> when omitted.</param>
    /// <returns>The request (set-like lists without repeated values) and its canonical JSON: the request re-serialised with
    /// <paramref name="options"/>, so it shows exactly what is answered, whatever whitespace or member order was sent.</returns>
    /// <exception cref="RequestException">A member is repeated, a list is too long, the JSON is malformed or does not fit
    /// <typeparamref name="T"/>; names the field.</exception>
    public static (T Request, string Canonical) Read<T>(string body, int maxListLength, JsonSerializerOptions? options = null)
    {
        options ??= ContractJson.Strict;
        Scan(body, maxListLength);
        var request = Parse<T>(body, options);
        JsonNode? node;
        try
        {
            node = JsonSerializer.SerializeToNode(request, options.GetTypeInfo(typeof(T)));
        }
        catch (Exception e) when (e is ArgumentException or JsonException or NotSupportedException)
        {
            // A value JSON cannot write back (1e400 read as infinity): the body itself, complete and without its
            // whitespace, is the record; the answer's own checks then refuse the value, naming it.
            return (request, AuditText(body));
        }
        if (Deduplicate(node, null))
        {
            // Bound again from the deduplicated form, so what is answered is exactly what the audit line shows.
            request = (T)node.Deserialize(options.GetTypeInfo(typeof(T)))!;
        }
        return (request, node?.ToJsonString(options) ?? "null");
    }

    /// <summary>Members whose lists are positional (a covariate's place pairs it with its coefficient), so a repeat is not dropped.</summary>
    private static readonly HashSet<string> Positional = new(StringComparer.Ordinal) { "covariates" };

    /// <summary>Drops repeated values from lists of strings (stage groups, genes, mutations...), keeping the first of each, so
    /// a list of 100,000 copies of one value binds one parameter; true when anything was dropped.</summary>
    private static bool Deduplicate(JsonNode? node, string? member)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o.ToList()) changed |= Deduplicate(value, name);
                break;
            case JsonArray a when member is not null && !Positional.Contains(member) && a.Count > 1 && a.All(v => v?.GetValueKind() == JsonValueKind.String):
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < a.Count; i++)
                    if (!seen.Add(a[i]!.GetValue<string>()))
                    {
                        a.RemoveAt(i--);
                        changed = true;
                    }
                break;
            case JsonArray a:
                foreach (var item in a) changed |= Deduplicate(item, null);
                break;
        }
        return changed;
    }

    /// <summary>Refuses, before anything is bound, a member that appears twice in one object (also under another case:
    /// names are case-sensitive, so a second spelling could only mislead a reader of the request) and a list longer than
    /// <paramref name="maxListLength"/>. Malformed JSON is left for the deserializer, whose message says where.</summary>
    private static void Scan(string body, int maxListLength)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(body), new JsonReaderOptions { MaxDepth = 64 });
        var frames = new Stack<(string Path, Dictionary<string, string>? Names, int Items)>();
        string? member = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var (path, names, _) = frames.Peek();
                        member = reader.GetString()!;
                        if (!names!.TryAdd(member, member))
                        {
                            var first = names[member];
                            var field = Join(path, member);
                            throw RequestException.Invalid(field, first == member
                                ? $"the member '{member}' appears twice; each member may be given once"
                                : $"the member '{member}' repeats '{first}' in another case; member names are case-sensitive and each may be given once");
                        }
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.Pop();
                        continue;
                }
                // A value: its place is the member just read, or the next item of the enclosing list.
                var at = "";
                if (frames.TryPop(out var parent))
                {
                    if (parent.Names is null)
                    {
                        if (++parent.Items > maxListLength)
                            throw RequestException.Invalid(parent.Path.Length == 0 ? "$" : parent.Path,
                                $"'{(parent.Path.Length == 0 ? "$" : parent.Path)}' has more than {maxListLength} items; this site accepts lists of at most {maxListLength} (limits.maxListLength)");
                        at = $"{parent.Path}[{parent.Items - 1}]";
                    }
                    else
                    {
                        at = Join(parent.Path, member!);
                    }
                    frames.Push(parent);
                }
                if (reader.TokenType == JsonTokenType.StartObject) frames.Push((at, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), 0));
                else if (reader.TokenType == JsonTokenType.StartArray) frames.Push((at, null, 0));
            }
        }
        catch (JsonException)
        {
            // Malformed: Parse reports it with the deserializer's position.
        }
    }

    private static string Join(string path, string member) => path.Length == 0 ? member : $"{path}.{member}";

    /// <summary>What the audit log records of a body that could not be read into its request: valid JSON without its
    /// whitespace, in full (so padding cannot push anything out of the line), otherwise the text with runs of whitespace
    /// collapsed, cut to a bounded length (it was refused and nothing was answered).</summary>
    /// <param name="body">The raw body.</param>
    /// <returns>The text to audit.</returns>
    public static string AuditText(string body)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(body), new JsonReaderOptions { MaxDepth = 256 });
            var output = new System.Buffers.ArrayBufferWriter<byte>();
            // Token by token rather than through a DOM, so a repeated member is recorded as it was sent.
            using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true, MaxDepth = 256 }))
            {
                while (reader.Read())
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                        case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                        case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                        case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                        case JsonTokenType.PropertyName: writer.WritePropertyName(reader.GetString()!); break;
                        case JsonTokenType.String: writer.WriteStringValue(reader.GetString()); break;
                        default: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
                    }
                }
            }
            if (output.WrittenCount > 0) return Encoding.UTF8.GetString(output.WrittenSpan);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON: fall through to the collapsed text.
        }
        var collapsed = Whitespace().Replace(body, " ").Trim();
        const int max = 4096;
        return collapsed.Length <= max ? collapsed : $"{collapsed[..max]}...[{collapsed.Length} chars after collapsing whitespace]";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

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
