using System.Text.Json.Nodes;
using Analysis.Kernel.Display;

namespace Analysis.Kernel.Tests.Display;

public class FormatterRegistryTests
{
    public record Patient(string Id, int Age);

    public record Login(string User, [property: System.ComponentModel.Browsable(false)] string Password);

    public sealed class Account(string user, string password)
    {
        public string User { get; } = user;

        [System.ComponentModel.Browsable(false)]
        public string Password { get; } = password;
    }
    public class Animal { public override string ToString() => "animal"; }
    public class Dog : Animal { }

    private static FormatterRegistry Fresh() => DefaultFormatters.AddTo(new FormatterRegistry());

    [Fact]
    public void Numbers_use_the_invariant_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.Equal("1.5", Fresh().Format(1.5).PlainText);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Null_and_strings_and_bools_read_naturally()
    {
        var registry = Fresh();
        Assert.Equal("null", registry.Format(null).PlainText);
        Assert.Equal("text", registry.Format("text").PlainText);
        Assert.Equal("true", registry.Format(true).PlainText);
    }

    [Fact]
    public void Collections_show_type_count_and_items()
    {
        Assert.Equal("List<int>(3) { 1, 2, 3 }", Fresh().Format(new List<int> { 1, 2, 3 }).PlainText);
        Assert.Equal("Dictionary<string, int>(1) { [a] = 1 }", Fresh().Format(new Dictionary<string, int> { ["a"] = 1 }).PlainText);
    }

    [Fact]
    public void Long_collections_are_cut_with_an_ellipsis()
    {
        var text = Fresh().Format(Enumerable.Range(0, 1000).ToList()).PlainText!;
        Assert.EndsWith("19, … }", text);
        Assert.StartsWith("List<int>(1000)", text);
    }

    [Fact]
    public void Sequences_of_records_get_an_html_table()
    {
        var html = Fresh().Format(new[] { new Patient("p1", 61), new Patient("p<2>", 47) }).Data[MimeTypes.Html].GetValue<string>();
        Assert.Contains("<th>Id</th><th>Age</th>", html);
        Assert.Contains("<td>p1</td><td>61</td>", html);
        Assert.Contains("p&lt;2&gt;", html); // escaped, never raw
    }

    [Fact]
    public void Members_marked_not_browsable_never_appear_in_tables_or_text()
    {
        var registry = Fresh();
        var html = registry.Format(new[] { new Login("alice", "hunter2") }).Data[MimeTypes.Html].GetValue<string>();
        Assert.Contains("<th>User</th>", html);
        Assert.DoesNotContain("hunter2", html);
        Assert.DoesNotContain("Password", html);
        Assert.DoesNotContain("hunter2", PlainTextFormatter.Format(new Account("carol", "hunter2")));
    }

    [Fact]
    public void Tables_stop_at_the_row_limit_and_say_how_many_were_left_out()
    {
        var rows = Enumerable.Range(0, 250).Select(i => new Patient($"p{i}", i)).ToList();
        var html = Fresh().Format(rows).Data[MimeTypes.Html].GetValue<string>();
        Assert.Equal(HtmlTableFormatter.MaxRows + 1, html.Split("<tr>").Length - 1); // header + rows
        Assert.Contains("(150 more rows)", html);
    }

    [Fact]
    public void Dictionaries_get_json()
    {
        var bundle = Fresh().Format(new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 });
        var json = bundle.Data[MimeTypes.Json];
        Assert.Equal(1, json["a"]!.GetValue<int>());
        Assert.Equal(2, json["b"]!.GetValue<int>());
    }

    [Fact]
    public void A_registered_formatter_overrides_the_default_and_the_most_specific_type_wins()
    {
        var registry = Fresh()
            .Register<Animal>(MimeTypes.Html, a => "<i>animal</i>")
            .Register<Dog>(MimeTypes.Html, d => "<b>dog</b>")
            .Register<object>(MimeTypes.Html, o => "<u>object</u>");
        Assert.Equal("<b>dog</b>", registry.Format(new Dog()).Data[MimeTypes.Html].GetValue<string>());
        Assert.Equal("<i>animal</i>", registry.Format(new Animal()).Data[MimeTypes.Html].GetValue<string>());
        Assert.Equal("<u>object</u>", registry.Format(42).Data[MimeTypes.Html].GetValue<string>());
    }

    [Fact]
    public void Open_generic_registrations_match_closed_types()
    {
        var registry = Fresh().Register(typeof(List<>), "application/vnd.test+json", o => new JsonObject { ["n"] = ((System.Collections.ICollection)o).Count });
        Assert.Equal(2, registry.Format(new List<string> { "a", "b" }).Data["application/vnd.test+json"]["n"]!.GetValue<int>());
    }

    [Fact]
    public void A_formatter_that_returns_null_falls_through_to_the_next()
    {
        var registry = Fresh().Register<Patient>(MimeTypes.PlainText, p => p.Age > 100 ? "old" : null);
        Assert.Equal("old", registry.Format(new Patient("a", 101)).PlainText);
        Assert.Equal("Patient { Id = a, Age = 5 }", registry.Format(new Patient("a", 5)).PlainText);
    }

    [Fact]
    public void A_throwing_formatter_does_not_hide_the_value()
    {
        var registry = Fresh().Register<Patient>(MimeTypes.Html, _ => throw new InvalidOperationException("broken"));
        var bundle = registry.Format(new Patient("a", 5));
        Assert.False(bundle.Data.ContainsKey(MimeTypes.Html));
        Assert.Contains("Patient { Id = a, Age = 5 }", bundle.PlainText);
        Assert.Contains("broken", bundle.PlainText);
    }

    [Fact]
    public void Objects_without_ToString_show_their_properties()
    {
        Assert.Equal("{ A = 1, B = x }", Fresh().Format(new { A = 1, B = "x" }).PlainText);
    }

    [Fact]
    public void Oversized_rich_output_is_dropped_and_text_is_cut_with_a_marker()
    {
        var bundle = new MimeBundle().With(MimeTypes.PlainText, new string('x', 50)).With(MimeTypes.Html, "<p>" + new string('y', 100) + "</p>");
        bundle.Truncate(20);
        Assert.False(bundle.Data.ContainsKey(MimeTypes.Html));
        Assert.StartsWith(new string('x', 20) + "\n[output truncated: 30 more characters not shown]", bundle.PlainText);
        Assert.Contains("[text/html output of 107 characters omitted", bundle.PlainText);
    }

    [Fact]
    public void Type_names_read_like_csharp()
    {
        Assert.Equal("Dictionary<string, List<int?>>", TypeNames.Display(typeof(Dictionary<string, List<int?>>)));
        Assert.Equal("double[,]", TypeNames.Display(typeof(double[,])));
    }
}
