using Analysis.Kernel.LanguageServices;

namespace Analysis.Kernel.Tests.LanguageServices;

[Collection(SessionCollection.Name)]
public sealed class CompletenessTests(SessionFixture fixture)
{
    [Theory]
    [InlineData("")]
    [InlineData("  \n\t")]
    [InlineData("1 + 1")]
    [InlineData("var x = 1;")]
    [InlineData("for (int i = 0; i < 3; i++) { Console.WriteLine(i); }")]
    [InlineData("#r \"System.Text.Json\"\nvar x = 1;")]
    [InlineData("#!time\nvar x = 1;")]
    [InlineData("#!time")]
    [InlineData("var s = @\"a\nb\";")]
    [InlineData("var s = \"\"\"\n  raw\n  \"\"\";")]
    [InlineData("/* a */ x")]
    [InlineData("undefinedName + 1")]
    public void Complete(string code) =>
        Assert.Equal(new CompletenessResult(Completeness.Complete, ""), fixture.Language.IsComplete(code));

    [Theory]
    [InlineData("for (int i = 0; i < 3; i++) {", "    ")]
    [InlineData("for (int i = 0; i < 3; i++)\n{\n    if (i > 1) {", "        ")]
    [InlineData("class Patient\n{\n    public void Admit()\n    {", "        ")]
    [InlineData("var x = ", "    ")]
    [InlineData("if (a)", "    ")]
    [InlineData("Math.Max(1,", "    ")]
    [InlineData("var list = new List<int> { 1, 2", "    ")]
    [InlineData("patients.", "    ")]
    [InlineData("var x = 1 // no semicolon yet", "    ")]
    [InlineData("#!time\nwhile (true) {", "    ")]
    [InlineData("var s = @\"first line", "")]
    [InlineData("var s = \"\"\"\n  raw", "")]
    [InlineData("var s = $@\"{x} and", "")]
    [InlineData("/* a comment", "")]
    [InlineData("x = 1; /*/", "")]
    public void Incomplete(string code, string indent) =>
        Assert.Equal(new CompletenessResult(Completeness.Incomplete, indent), fixture.Language.IsComplete(code));

    [Theory]
    [InlineData("}")]
    [InlineData("var 1x = 2;")]
    [InlineData("int x = ;;")]
    [InlineData("var x = 1; }")]
    [InlineData("var s = \"no closing quote")]
    [InlineData("var x = (1 + ;")]
    public void Invalid(string code) =>
        Assert.Equal(Completeness.Invalid, fixture.Language.IsComplete(code).Status);
}
