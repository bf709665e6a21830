using Analysis.Kernel.LanguageServices;

namespace Analysis.Kernel.Tests.LanguageServices;

public sealed class DocumentationTextTests
{
    private const string Member = """
        <member name="M:Clinic.Admit(System.String)">
          <summary>
            Admits <paramref name="patient"/> to a <see cref="T:Clinic.Ward`1"/>;
            returns <see langword="true"/> when a <c>bed</c> is free.
            <para>See <see href="https://example.org">the guide</see>.</para>
          </summary>
          <param name="patient">Who to admit.</param>
          <returns>Whether it worked.</returns>
          <exception cref="T:System.InvalidOperationException">The ward is closed.</exception>
        </member>
        """;

    [Fact]
    public void Plain_text_has_names_for_references_and_no_tags()
    {
        var docs = DocumentationText.Parse(Member);

        Assert.Equal("Admits patient to a Ward; returns true when a bed is free.\n\nSee the guide.", docs.Summary(markdown: false));
        Assert.Equal([("patient", "Who to admit.")], docs.Parameters(markdown: false));
        Assert.Equal("Whether it worked.", docs.Returns(markdown: false));
        Assert.Equal([("InvalidOperationException", "The ward is closed.")], docs.Exceptions(markdown: false));
    }

    [Fact]
    public void Markdown_marks_code_and_links()
    {
        var summary = DocumentationText.Parse(Member).Summary(markdown: true);

        Assert.Equal("Admits `patient` to a `Ward`; returns `true` when a `bed` is free.\n\nSee [the guide](https://example.org).", summary);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("<member><summary>unclosed")]
    public void Missing_or_malformed_documentation_is_empty(string? xml)
    {
        var docs = DocumentationText.Parse(xml);

        Assert.False(docs.HasSummary);
        Assert.Equal("", docs.Summary(markdown: false));
        Assert.Empty(docs.Parameters(markdown: false));
    }

    [Theory]
    [InlineData("M:System.Console.WriteLine(System.String)", "WriteLine")]
    [InlineData("T:System.Collections.Generic.List`1", "List")]
    [InlineData("M:System.String.#ctor(System.Char[])", "String")]
    [InlineData("M:System.Linq.Enumerable.Select``2(System.Func{``0,``1})", "Select")]
    public void Cref_short_names(string cref, string name) => Assert.Equal(name, DocumentationText.NameOf(cref, isCref: true));

    [Theory]
    [InlineData("T:System.Math", new[] { "System.Math", "System" })]
    [InlineData("M:System.Collections.Generic.List`1.Enumerator.MoveNext", new[] { "System.Collections.Generic.List`1.Enumerator", "System.Collections.Generic.List`1", "System.Collections.Generic", "System.Collections", "System" })]
    [InlineData("M:System.Math.Max(System.Int32,System.Int32)", new[] { "System.Math", "System" })]
    [InlineData("not an id", new string[0])]
    public void CoreLib_documentation_looks_up_the_enclosing_types(string id, string[] names) =>
        Assert.Equal(names, CoreLibDocumentation.EnclosingTypeNames(id));
}
