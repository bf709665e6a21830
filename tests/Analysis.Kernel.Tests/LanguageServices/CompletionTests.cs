using Analysis.Kernel.LanguageServices;

namespace Analysis.Kernel.Tests.LanguageServices;

[Collection(SessionCollection.Name)]
public sealed class CompletionTests(SessionFixture fixture)
{
    private Task<CompletionResult> CompleteAtEnd(string code) => fixture.Language.CompleteAsync(code, code.Length, CancellationToken.None);

    private static string KindOf(CompletionResult result, string match) => result.Kinds[IndexOf(result, match)];

    private static int IndexOf(CompletionResult result, string match)
    {
        int index = result.Matches.ToList().IndexOf(match);
        Assert.True(index >= 0, $"'{match}' is not among: {string.Join(", ", result.Matches.Take(40))}");
        return index;
    }

    [Fact]
    public async Task Members_of_a_variable_from_an_earlier_cell()
    {
        var result = await CompleteAtEnd("patients.");

        Assert.Contains("Add", result.Matches);
        Assert.Contains("Count", result.Matches);
        Assert.Equal("method", KindOf(result, "Add"));
        Assert.Equal("property", KindOf(result, "Count"));
        Assert.Equal((9, 9), (result.Start, result.End));
        Assert.Equal(result.Matches.Count, result.Kinds.Count);
    }

    [Fact]
    public async Task A_partial_member_name_is_the_span_replaced_and_filters_the_matches()
    {
        var result = await CompleteAtEnd("patients.Co");

        Assert.Equal((9, 11), (result.Start, result.End));
        Assert.Contains("Count", result.Matches);
        Assert.Contains("Contains", result.Matches);
        Assert.All(result.Matches, m => Assert.StartsWith("Co", m, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("Add", result.Matches);
    }

    [Fact]
    public async Task The_prefix_matches_case_insensitively_with_exact_case_first()
    {
        var lower = await CompleteAtEnd("patients.co");
        Assert.Contains("Count", lower.Matches);

        var mixed = await CompleteAtEnd("Con");
        Assert.True(IndexOf(mixed, "Console") < IndexOf(mixed, "const"), "exact-case matches come first");
    }

    [Fact]
    public async Task The_span_covers_the_whole_name_when_the_cursor_is_inside_it()
    {
        var result = await fixture.Language.CompleteAsync("patients.Count", "patients.Co".Length, CancellationToken.None);

        Assert.Equal((9, 14), (result.Start, result.End));
        Assert.Contains("Count", result.Matches);
    }

    [Fact]
    public async Task Globals_complete()
    {
        var result = await CompleteAtEnd("disp");

        Assert.Equal((0, 4), (result.Start, result.End));
        Assert.Equal("display", result.Matches[0]);
        Assert.Equal("method", KindOf(result, "display"));
    }

    [Fact]
    public async Task Variables_and_functions_of_earlier_cells_complete()
    {
        var variable = await CompleteAtEnd("var y = pat");
        Assert.Equal("variable", KindOf(variable, "patients"));

        var function = await CompleteAtEnd("Squ");
        Assert.Equal("method", KindOf(function, "Square"));
    }

    [Fact]
    public async Task Namespaces_complete()
    {
        var result = await CompleteAtEnd("System.Collections.");

        Assert.Equal("namespace", KindOf(result, "Generic"));
        Assert.Equal("class", KindOf(result, "ArrayList"));
    }

    [Fact]
    public async Task Keywords_complete()
    {
        var result = await CompleteAtEnd("whi");

        Assert.Equal("keyword", KindOf(result, "while"));
        Assert.Equal((0, 3), (result.Start, result.End));
    }

    [Fact]
    public async Task Types_complete()
    {
        var result = await CompleteAtEnd("var sb = new StringB");

        Assert.Equal("class", KindOf(result, "StringBuilder"));
        Assert.Equal(13, result.Start);
    }

    [Fact]
    public async Task Only_names_in_scope_are_offered()
    {
        var types = await CompleteAtEnd("Lis");
        Assert.Contains("List", types.Matches);
        Assert.DoesNotContain("ListDictionary", types.Matches); // System.Collections.Specialized is not imported

        var members = await CompleteAtEnd("patients.");
        Assert.DoesNotContain("ToFrozenSet", members.Matches); // an extension method of System.Collections.Frozen
        Assert.DoesNotContain("for", members.Matches); // a postfix snippet, which plain text cannot expand
    }

    [Fact]
    public async Task Code_with_errors_still_completes()
    {
        var result = await CompleteAtEnd("int y = \"text\";\nundefinedName + 1;\npatients.Cou");

        Assert.Contains("Count", result.Matches);
    }

    [Fact]
    public async Task Magic_lines_are_ignored_and_positions_kept()
    {
        const string code = "#!time\npatients.";
        var result = await CompleteAtEnd(code);

        Assert.Contains("Add", result.Matches);
        Assert.Equal(code.Length, result.Start);
    }

    [Theory]
    [InlineData(-5)]
    [InlineData(int.MinValue)]
    public async Task A_negative_position_is_clamped_to_the_start(int position)
    {
        var result = await fixture.Language.CompleteAsync("patients.", position, CancellationToken.None);

        Assert.Equal((0, 0), (result.Start, result.End));
        Assert.Contains("patients", result.Matches);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(int.MaxValue)]
    public async Task A_position_beyond_the_end_is_clamped_to_the_end(int position)
    {
        var result = await fixture.Language.CompleteAsync("patients.", position, CancellationToken.None);

        Assert.Equal((9, 9), (result.Start, result.End));
        Assert.Contains("Add", result.Matches);
    }

    [Fact]
    public async Task Empty_code_offers_what_is_in_scope()
    {
        var result = await CompleteAtEnd("");

        Assert.Equal((0, 0), (result.Start, result.End));
        Assert.Contains("patients", result.Matches);
        Assert.Contains("Console", result.Matches);
    }

    [Fact]
    public async Task Nothing_is_offered_inside_a_comment()
    {
        var result = await CompleteAtEnd("// patients.");

        Assert.Empty(result.Matches);
    }

    [Fact]
    public async Task Cells_run_after_earlier_requests_are_seen()
    {
        var (session, language) = await SessionFixture.StartAsync("var first = \"abc\";");
        Assert.Contains("Length", (await language.CompleteAsync("first.", 6, CancellationToken.None)).Matches);
        Assert.DoesNotContain("second", (await language.CompleteAsync("sec", 3, CancellationToken.None)).Matches);

        await SessionFixture.RunAsync(session, "var second = new StringBuilder();", 2);
        await SessionFixture.RunAsync(session, "var third = 3;", 3);

        Assert.Contains("second", (await language.CompleteAsync("sec", 3, CancellationToken.None)).Matches);
        Assert.Contains("Append", (await language.CompleteAsync("second.", 7, CancellationToken.None)).Matches);
        Assert.Contains("CompareTo", (await language.CompleteAsync("third.", 6, CancellationToken.None)).Matches);
    }
}
