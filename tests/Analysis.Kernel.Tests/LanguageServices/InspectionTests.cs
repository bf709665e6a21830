using Analysis.Kernel.LanguageServices;

namespace Analysis.Kernel.Tests.LanguageServices;

[Collection(SessionCollection.Name)]
public sealed class InspectionTests(SessionFixture fixture)
{
    private async Task<InspectionResult> Inspect(string code, int position, int detailLevel = 0)
    {
        var result = await fixture.Language.InspectAsync(code, position, detailLevel, CancellationToken.None);
        Assert.NotNull(result);
        return result;
    }

    [Fact]
    public async Task A_method_just_before_the_cursor_shows_its_signature_and_summary()
    {
        var result = await Inspect("Console.WriteLine", "Console.WriteLine".Length);

        var lines = result.PlainText.Split('\n');
        Assert.StartsWith("void Console.WriteLine(", lines[0]);
        Assert.Contains("overloads)", lines[0]);
        Assert.Contains("Writes", lines[1]);
        Assert.StartsWith("```csharp\nvoid Console.WriteLine(", result.Markdown);
        Assert.Contains("```\n\nWrites", result.Markdown);
    }

    [Fact]
    public async Task A_resolved_call_shows_the_overload_it_calls()
    {
        var result = await Inspect("Console.WriteLine(\"hi\");", "Console.Write".Length);

        Assert.StartsWith("void Console.WriteLine(string", result.PlainText);
        Assert.Contains("Writes the specified string value", result.PlainText);
    }

    [Fact]
    public async Task Inside_an_argument_list_the_called_method_is_shown()
    {
        var result = await Inspect("Math.Max(", "Math.Max(".Length);

        Assert.Contains("Math.Max(", result.PlainText);
        Assert.Contains("Returns the larger", result.PlainText);
    }

    [Fact]
    public async Task CoreLib_types_have_their_documentation()
    {
        var result = await Inspect("new List<int>()", "new Li".Length);

        Assert.StartsWith("class System.Collections.Generic.List<", result.PlainText);
        Assert.Contains("strongly typed list", result.PlainText);
    }

    [Fact]
    public async Task A_variable_from_an_earlier_cell_shows_its_type()
    {
        var result = await Inspect("x", 1);

        Assert.StartsWith("(variable) int x", result.PlainText);
        Assert.Contains("32-bit signed integer", result.PlainText);
    }

    [Fact]
    public async Task A_collection_variable_shows_its_type_and_the_type_documentation()
    {
        var result = await Inspect("patients.Count", 3);

        Assert.StartsWith("(variable) List<string> patients", result.PlainText);
        Assert.Contains("strongly typed list", result.PlainText);
    }

    [Fact]
    public async Task A_function_from_an_earlier_cell_shows_its_signature()
    {
        var result = await Inspect("Square(3)", 2);

        Assert.Equal("int Square(int n)", result.PlainText);
    }

    [Fact]
    public async Task Detail_level_one_adds_parameters_and_exceptions()
    {
        var result = await Inspect("Console.WriteLine(\"hi\");", "Console.Write".Length, detailLevel: 1);

        Assert.Contains("Parameters:\n  value: The value to write.", result.PlainText);
        Assert.Contains("Exceptions:\n  IOException: An I/O error occurred.", result.PlainText);
        Assert.Contains("- `value`: The value to write.", result.Markdown);
    }

    [Fact]
    public async Task Cref_and_langword_are_rendered_as_names()
    {
        var result = await Inspect("string.IsNullOrEmpty", "string.IsNullOrEmpty".Length);

        Assert.DoesNotContain("<see", result.PlainText);
        Assert.Contains("null", result.PlainText);
        Assert.Contains("`null`", result.Markdown);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("1 + 2", 2)]
    [InlineData("// Console", 10)]
    public async Task Nothing_to_inspect_gives_null(string code, int position)
    {
        Assert.Null(await fixture.Language.InspectAsync(code, position, 0, CancellationToken.None));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(100)]
    [InlineData(int.MaxValue)]
    public async Task Positions_out_of_range_are_clamped(int position)
    {
        var result = await Inspect("Console", position);

        Assert.Contains("class System.Console", result.PlainText);
    }
}
