using System.Text;
using Analysis.Contracts;
using Analysis.Federation;
using Analysis.Kernel.Display;
using Apache.Arrow;
using Deedle;

namespace Analysis.Extensions.Tests;

public class TableFormatterTests
{
    private static readonly FormatterRegistry Registry = AnalysisFormatters.AddTo(DefaultFormatters.AddTo(new FormatterRegistry()), new PlotlyHtml());

    private static string Html(object value) => Registry.Format(value).Data[MimeTypes.Html].GetValue<string>();

    private static Frame<int, string> Patients(int n)
    {
        var ids = Enumerable.Range(0, n).ToArray();
        return Frame.FromColumns(new Dictionary<string, Deedle.Series<int, object>>
        {
            ["id"] = new Deedle.Series<int, object>(ids, ids.Select(i => (object)$"patient-{i:D6}").ToArray()),
            ["age"] = new Deedle.Series<int, object>(ids, ids.Select(i => (object)(30 + i % 60)).ToArray()),
            ["followUpDays"] = new Deedle.Series<int, object>(ids, ids.Select(i => (object)(i * 1.5)).ToArray()),
            ["stage"] = new Deedle.Series<int, object>(ids, ids.Select(i => (object)("I II III IV".Split(' ')[i % 4])).ToArray()),
        });
    }

    [Fact]
    public void A_100000_row_frame_previews_under_1_MB_with_its_row_count_types_and_a_pager()
    {
        var frame = Frame.FromRecords(Enumerable.Range(0, 100_000).Select(i => new { Id = $"patient-{i:D6}", Age = 30 + i % 60, FollowUpDays = i * 1.5, Stage = "I II III IV".Split(' ')[i % 4] }));
        var bundle = Registry.Format(frame);
        var html = bundle.Data[MimeTypes.Html].GetValue<string>();
        var text = bundle.PlainText!;
        Assert.Contains("patient-000000", text);
        Assert.Contains("patient-099999", text); // Deedle's text shows the first and last rows only
        Assert.True(text.Length < 5_000, $"text/plain of {text.Length:N0} characters");
        Assert.True(Encoding.UTF8.GetByteCount(html) < 1_000_000, $"{Encoding.UTF8.GetByteCount(html):N0} bytes");
        Assert.Contains("100,000 rows", html);
        Assert.Contains("<th>Age<br><small>int</small></th>", html);
        Assert.Contains("<th>FollowUpDays<br><small>double</small></th>", html);
        Assert.Contains("<th>Id<br><small>string</small></th>", html);
        Assert.Contains("patient-000000", html);
        Assert.Contains("patient-000999", html); // the preview's last row, in the pager's JSON
        Assert.DoesNotContain("patient-001000", html);
        Assert.Contains("script type=\"application/json\" class=\"rows\"", html);
        // First page rendered as static HTML: readable without JavaScript.
        var body = html[html.IndexOf("<tbody>", StringComparison.Ordinal)..html.IndexOf("</tbody>", StringComparison.Ordinal)];
        Assert.Equal(PagedHtmlTable.PageSize, body.Split("<tr>").Length - 1);
    }

    [Fact]
    public void Missing_values_are_marked_not_blank_numbers()
    {
        var frame = Patients(3).Merge(Frame.FromColumns(new Dictionary<string, Deedle.Series<int, double>>
        {
            ["score"] = new Deedle.Series<int, double>([0, 2], [0.5, 0.25]),
        }));
        var html = Html(frame);
        Assert.Contains("<td class=\"missing\" title=\"missing value\"></td>", html);
        Assert.Contains("<td>0.25</td>", html);
    }

    [Fact]
    public void Series_preview_has_key_and_value_columns()
    {
        var html = Html(new Deedle.Series<string, double>(["oslo", "lyon"], [1.5, 2.5]));
        Assert.Contains("<th>key<br><small>string</small></th>", html);
        Assert.Contains("<td>lyon</td><td>2.5</td>", html);
        Assert.Contains("2 rows", html);
    }

    [Fact]
    public void Arrow_batches_and_chunked_tables_use_the_same_table()
    {
        RecordBatch Batch(int from, int n) => new RecordBatch.Builder()
            .Append("id", false, c => c.Int32(b => b.AppendRange(Enumerable.Range(from, n))))
            .Append("site", true, c => c.String(b => { for (int i = 0; i < n; i++) { if (i == 1) b.AppendNull(); else b.Append($"site{(from + i) % 3}"); } }))
            .Build();
        var batch = Batch(0, 40);
        var html = Html(batch);
        Assert.Contains(System.Net.WebUtility.HtmlEncode("Arrow RecordBatch: 40 rows × 2 columns"), html);
        Assert.Contains("<th>id<br><small>int32</small></th>", html);
        Assert.Contains("<th>site<br><small>utf8?</small></th>", html);
        Assert.Contains("<td class=\"missing\"", html);

        var table = Apache.Arrow.Table.TableFromRecordBatches(batch.Schema, [batch, Batch(40, 40)]);
        var tableHtml = Html(table);
        Assert.Contains(System.Net.WebUtility.HtmlEncode("Arrow Table: 80 rows × 2 columns"), tableHtml);
        Assert.Contains("[\"79\",\"site1\"]", tableHtml); // row 79 is in the second chunk
    }

    [Fact]
    public void Federated_counts_mark_suppressed_cells_and_show_a_lower_bound_total()
    {
        var count = Federated.Count([new("oslo", ReleasedCell.Shown(120), null), new("lyon", ReleasedCell.Suppressed(5), null), new("rome", null, "timed out")]);
        var html = Html(count);
        Assert.Contains("<td class=\"suppressed\" title=\"suppressed by the site&#39;s disclosure control\">&lt;5</td>", html);
        Assert.Contains("<td class=\"failed\">failed</td><td>timed out</td>", html);
        Assert.Contains("<td>≥ 120</td>", html);
        Assert.DoesNotContain("<td>0</td>", html);
        Assert.StartsWith("≥120", Registry.Format(count).PlainText);
    }

    [Fact]
    public void Federated_beacon_answers_mark_withheld_counts_and_name_sites_not_asked()
    {
        var answer = new Federated<BeaconAnswer>(new BeaconAnswer(true, 40, CountPrecision.Imprecise, null, Granularity.Count),
            [new("oslo", true, 40, null), new("lyon", true, null, null), new("rome", false, null, "not asked (no beaconUrl)")],
            ["lyon (<5) gave no exact count: the total is a lower bound"],
            [new("oslo", new BeaconAnswer(true, 40, CountPrecision.Exact, null, Granularity.Count), null),
                new("lyon", new BeaconAnswer(false, null, CountPrecision.Imprecise, "<5", Granularity.Count), null)]);
        var html = Html(answer);
        Assert.Contains("<td>oslo</td><td>40</td><td>ok</td>", html);
        Assert.Contains("<td class=\"suppressed\" title=\"suppressed by the site&#39;s disclosure control\">&lt;5</td><td>withheld</td>", html);
        Assert.Contains("<td>rome</td><td class=\"failed\"></td><td>not asked (no beaconUrl)</td>", html);
        Assert.Contains("<td>≥40</td>", html);
    }

    [Fact]
    public void Federation_status_and_site_answers_are_per_site_tables()
    {
        var status = Html(new FederationStatus([new SiteStatus("oslo", true, TimeSpan.FromMilliseconds(12), null), new SiteStatus("lyon", false, TimeSpan.FromSeconds(2), "connection refused")]));
        Assert.Contains("1 of 2 sites reachable", status);
        Assert.Contains("<td class=\"failed\">down</td><td>2000</td><td>connection refused</td>", status);
        var answer = Html(new SiteAnswer<int>("oslo", 42, null));
        Assert.Contains("<td>oslo</td><td>42</td><td>ok</td>", answer);
    }
}
