using Analysis.Kernel.Execution;

namespace Analysis.Kernel.Tests.Execution;

public class InterruptionRewriterTests
{
    private static string Rewrite(string code) => InterruptionRewriter.Rewrite(code, ScriptSession.ParseOptions);

    [Theory]
    [InlineData("while (true) { x++; }")]
    [InlineData("while (true) x++;")]
    [InlineData("do { } while (true);")]
    [InlineData("for (;;) ;")]
    [InlineData("foreach (var i in xs) Console.WriteLine(i);")]
    [InlineData("foreach (var (a, b) in pairs) { }")]
    [InlineData("void F() { F(); }")]
    [InlineData("Action a = () => { };")]
    public void Loops_and_bodies_get_a_check(string code)
    {
        Assert.Contains("Interruption.Check();", Rewrite(code));
    }

    [Fact]
    public void Code_without_loops_is_returned_unchanged()
    {
        const string code = "var x = 1 + 2;\nx";
        Assert.Same(code, Rewrite(code));
    }

    [Fact]
    public void Line_numbers_are_preserved()
    {
        const string code = "var x = 0;\nwhile (x < 3)\n    x++;\nfor (;;)\n{\n  break;\n}\nx";
        var rewritten = Rewrite(code);
        Assert.Equal(code.Split('\n').Length, rewritten.Split('\n').Length);
        Assert.EndsWith("\nx", rewritten);
    }
}
