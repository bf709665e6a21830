using System.Text;
using System.Text.Json;

namespace Analysis.Contracts.Tests;

/// <summary>The one NDJSON reader and writer.</summary>
public sealed class NdjsonTests
{
    [Fact]
    public void The_writer_puts_one_value_on_each_line_ending_in_a_newline()
    {
        using var stream = new MemoryStream();
        using (var file = new NdjsonWriter(stream, leaveOpen: true))
        {
            file.Json.WriteStartObject();
            file.Json.WriteString("resourceType", "Patient");
            file.Json.WriteEndObject();
            file.EndLine();
            file.Json.WriteStartArray();
            file.Json.WriteNumberValue(1);
            file.Json.WriteEndArray();
            file.EndLine();
            Assert.Equal(2, file.Count);
        }
        Assert.Equal("{\"resourceType\":\"Patient\"}\n[1]\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void The_writer_refuses_a_line_without_a_whole_value_and_indented_output()
    {
        using var stream = new MemoryStream();
        using var file = new NdjsonWriter(stream, leaveOpen: true);
        Assert.Throws<InvalidOperationException>(file.EndLine);
        file.Json.WriteStartObject();
        Assert.Throws<InvalidOperationException>(file.EndLine);
        Assert.Equal(0, file.Count);
        Assert.Throws<ArgumentException>(() => new NdjsonWriter(new MemoryStream(), new JsonWriterOptions { Indented = true }));
    }

    [Fact]
    public async Task The_reader_numbers_every_line_and_skips_blank_ones()
    {
        const string text = "{\"a\":1}\r\n\r\n  \n{\"b\":2}\n[3]";
        var expected = new[] { new NdjsonLine(1, "{\"a\":1}"), new NdjsonLine(4, "{\"b\":2}"), new NdjsonLine(5, "[3]") };
        Assert.Equal(expected, NdjsonReader.ReadLines(new StringReader(text)));
        var lines = new List<NdjsonLine>();
        await foreach (var line in NdjsonReader.ReadLinesAsync(new StringReader(text))) lines.Add(line);
        Assert.Equal(expected, lines);
    }

    [Fact]
    public void What_the_writer_writes_the_reader_reads_from_a_file_with_a_byte_order_mark()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ndjson-{Guid.NewGuid():N}.ndjson");
        try
        {
            using (var file = new NdjsonWriter(path))
            {
                foreach (var id in new[] { "p1", "p2" })
                {
                    file.Json.WriteStartObject();
                    file.Json.WriteString("id", id);
                    file.Json.WriteEndObject();
                    file.EndLine();
                }
            }
            Assert.Equal([(1, "p1"), (2, "p2")], NdjsonReader.ReadLines(path).Select(l => (l.Number, JsonDocument.Parse(l.Text).RootElement.GetProperty("id").GetString())));
            File.WriteAllBytes(path, [.. Encoding.UTF8.GetPreamble(), .. File.ReadAllBytes(path)]);
            Assert.Equal("{\"id\":\"p1\"}", NdjsonReader.ReadLines(path).First().Text);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
