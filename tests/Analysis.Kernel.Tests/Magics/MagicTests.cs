using Analysis.Kernel.Magics;

namespace Analysis.Kernel.Tests.Magics;

public class MagicTests
{
    [Fact]
    public void Leading_magic_lines_are_parsed_and_blanked_keeping_line_numbers()
    {
        var cell = MagicRegistry.Parse("#!time\n\n#!who extra args\nvar x = 1;\n#!notmagic");
        Assert.Equal([new MagicLine("time", "", 1), new MagicLine("who", "extra args", 3)], cell.Magics);
        Assert.Equal("\n\n\nvar x = 1;\n#!notmagic", cell.Code);
    }

    [Fact]
    public void A_cell_without_magics_is_untouched()
    {
        const string code = "var s = \"#!time\";";
        var cell = MagicRegistry.Parse(code);
        Assert.Empty(cell.Magics);
        Assert.Same(code, cell.Code);
    }

    [Fact]
    public async Task Whos_lists_names_types_and_short_values()
    {
        var (session, _) = RecordingFrontEnd.NewSession();
        await session.RunAsync("var count = 3; var names = new List<string> { \"a\" }; var text = new string('x', 500);", 1, default);
        var output = new StringWriter();
        bool ran = false;
        await new WhoMagic(detailed: true).RunAsync(new MagicContext(session, output, MagicRegistry.CreateDefault()), "", () => { ran = true; return Task.CompletedTask; });
        var lines = output.ToString().Split('\n');
        Assert.True(ran);
        Assert.Contains(lines, l => l.StartsWith("count ") && l.Contains(" int ") && l.TrimEnd().EndsWith('3'));
        Assert.Contains(lines, l => l.StartsWith("names ") && l.Contains("List<string>") && l.Contains("{ a }"));
        Assert.Contains(lines, l => l.StartsWith("text ") && l.TrimEnd().EndsWith('…'));
    }

    [Fact]
    public async Task Who_lists_names_only()
    {
        var (session, _) = RecordingFrontEnd.NewSession();
        await session.RunAsync("var alpha = 1; var beta = 2;", 1, default);
        var output = new StringWriter();
        await new WhoMagic(detailed: false).RunAsync(new MagicContext(session, output, MagicRegistry.CreateDefault()), "", () => Task.CompletedTask);
        Assert.Equal("alpha  beta", output.ToString().Trim());
    }

    [Fact]
    public async Task Time_reports_after_the_cell_even_when_it_throws()
    {
        var output = new StringWriter();
        var (session, _) = RecordingFrontEnd.NewSession();
        await Assert.ThrowsAsync<InvalidOperationException>(() => new TimeMagic().RunAsync(
            new MagicContext(session, output, MagicRegistry.CreateDefault()), "", () => throw new InvalidOperationException()));
        Assert.Matches(@"^Wall time: [\d.]+ (µs|ms|s), CPU time: [\d.]+ (µs|ms|s)", output.ToString());
    }

    [Fact]
    public async Task Lsmagic_lists_every_registered_magic()
    {
        var output = new StringWriter();
        var (session, _) = RecordingFrontEnd.NewSession();
        var registry = MagicRegistry.CreateDefault();
        await new LsMagicMagic().RunAsync(new MagicContext(session, output, registry), "", () => Task.CompletedTask);
        foreach (var name in new[] { "time", "who", "whos", "lsmagic" }) Assert.Contains("#!" + name, output.ToString());
    }
}
