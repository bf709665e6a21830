namespace Analysis.Viz;

/// <summary>
/// Declares the formatters of a type by .NET Interactive's convention, matched by name (no
/// dependency on Microsoft.DotNet.Interactive): our kernel and .NET Interactive both find
/// <see cref="FormatterSourceType"/> and call its <c>CreateTypeFormatters()</c>.
/// </summary>
/// <param name="formatterSourceType">A type with a parameterless constructor and <c>IEnumerable&lt;object&gt; CreateTypeFormatters()</c>.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>The type that creates the formatters.</summary>
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>MIME types to prefer when displaying the type.</summary>
    public string[] PreferredMimeTypes { get; set; } = [];
}
