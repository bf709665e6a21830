using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Analysis.Kernel.Display;

/// <summary>
/// Chooses how values look in a notebook. Formatters are registered per type and MIME type;
/// for a value, each MIME type uses the most specific formatter for its runtime type
/// (exact type, then base classes, then interfaces, then <see cref="object"/>), and among
/// equally specific ones the last registered wins, so libraries override the defaults.
/// A formatter may return null to say "not for this value". Types that declare formatters
/// by .NET Interactive's convention (<see cref="ConventionFormatters"/>) get them too.
/// </summary>
/// <example>
/// <code>
/// Formatters.Register&lt;Patient&gt;("text/html", p =&gt; $"&lt;b&gt;{p.Id}&lt;/b&gt;");
/// </code>
/// </example>
public sealed class FormatterRegistry
{
    private readonly List<FormatterRegistration> _registrations = [];
    private readonly ConcurrentDictionary<Type, FormatterRegistration[]> _resolved = new();
    private readonly Lock _gate = new();

    /// <summary>The registry the kernel uses, with the default formatters in place.</summary>
    public static FormatterRegistry Default { get; } = DefaultFormatters.AddTo(new FormatterRegistry());

    /// <summary>Every registration, in registration order.</summary>
    public IReadOnlyList<FormatterRegistration> Registrations
    {
        get { lock (_gate) return _registrations.ToArray(); }
    }

    /// <summary>Registers a text formatter (HTML, plain text, SVG, base64 PNG, any text MIME type) for <typeparamref name="T"/> and its subtypes.</summary>
    public FormatterRegistry Register<T>(string mimeType, Func<T, string?> formatter) =>
        Register(typeof(T), mimeType, o => formatter((T)o) is { } s ? JsonValue.Create(s) : null);

    /// <summary>Registers a JSON formatter (for <c>application/json</c> or a vendor <c>+json</c> type).</summary>
    public FormatterRegistry RegisterJson<T>(string mimeType, Func<T, JsonNode?> formatter) =>
        Register(typeof(T), mimeType, o => formatter((T)o));

    /// <summary>
    /// Registers a formatter for a type given at run time; <paramref name="type"/> may be an
    /// open generic such as <c>typeof(List&lt;&gt;)</c>.
    /// </summary>
    public FormatterRegistry Register(Type type, string mimeType, Func<object, JsonNode?> formatter)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(mimeType);
        ArgumentNullException.ThrowIfNull(formatter);
        lock (_gate)
        {
            _registrations.Add(new FormatterRegistration(type, mimeType, formatter, _registrations.Count));
            _resolved.Clear();
        }
        return this;
    }

    /// <summary>Removes every formatter registered for exactly this type and MIME type; returns how many.</summary>
    public int Remove(Type type, string mimeType)
    {
        lock (_gate)
        {
            int n = _registrations.RemoveAll(r => r.Type == type && r.MimeType == mimeType);
            _resolved.Clear();
            return n;
        }
    }

    /// <summary>
    /// Formats a value into a bundle with one representation per MIME type that has an
    /// applicable formatter. A formatter that throws is skipped (its error is shown in
    /// text/plain), so one bad formatter never hides the value.
    /// </summary>
    public MimeBundle Format(object? value)
    {
        var bundle = new MimeBundle();
        if (value is MimeBundle ready) return ready;
        if (value is null) return bundle.With(MimeTypes.PlainText, "null");
        string? failure = null;
        foreach (var registration in Resolve(value.GetType()))
        {
            // Registrations come most specific first: the first one that answers wins its MIME type.
            if (bundle.Data.ContainsKey(registration.MimeType)) continue;
            try
            {
                if (registration.Formatter(value) is { } node) bundle.With(registration.MimeType, node);
            }
            catch (Exception e)
            {
                failure = $"[{registration.MimeType} formatter for {TypeNames.Display(registration.Type)} failed: {e.GetType().Name}: {e.Message}]";
            }
        }
        if (bundle.PlainText is null) bundle.With(MimeTypes.PlainText, PlainTextFormatter.Format(value));
        if (failure is not null) bundle.With(MimeTypes.PlainText, bundle.PlainText + "\n" + failure);
        return bundle;
    }

    /// <summary>The chosen formatter per MIME type for a runtime type, cached until the next registration.</summary>
    private FormatterRegistration[] Resolve(Type type) => _resolved.GetOrAdd(type, t =>
    {
        FormatterRegistration[] all;
        lock (_gate) all = [.. _registrations, .. ConventionFormatters.For(t)];
        // Several formatters per MIME type are kept in order of preference, so one that
        // returns null (not applicable) falls through to the next.
        return all
            .Select(r => (Registration: r, Distance: Distance(t, r.Type)))
            .Where(x => x.Distance >= 0)
            .OrderBy(x => x.Distance).ThenByDescending(x => x.Registration.Order)
            .Select(x => x.Registration)
            .ToArray();
    });

    internal static int Distance(Type value, Type target)
    {
        if (target == typeof(object)) return 10_000;
        int depth = 0;
        for (var t = value; t is not null; t = t.BaseType, depth++)
        {
            if (t == target || (target.IsGenericTypeDefinition && t.IsGenericType && t.GetGenericTypeDefinition() == target)) return depth;
        }
        if (target.IsInterface)
        {
            foreach (var i in value.GetInterfaces())
            {
                if (i == target || (target.IsGenericTypeDefinition && i.IsGenericType && i.GetGenericTypeDefinition() == target))
                    return 1_000 + (target.IsGenericType ? 0 : 1);
            }
        }
        return -1;
    }
}

/// <summary>One registered formatter.</summary>
/// <param name="Type">The type it formats (and its subtypes).</param>
/// <param name="MimeType">The MIME type it produces.</param>
/// <param name="Formatter">Produces the representation, or null when not applicable.</param>
/// <param name="Order">Registration order; later wins among equals.</param>
public sealed record FormatterRegistration(Type Type, string MimeType, Func<object, JsonNode?> Formatter, int Order);
