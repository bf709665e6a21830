using System.Text;
using System.Text.Json.Nodes;
using Analysis.Kernel.Protocol;

namespace Analysis.Kernel.Tests.Protocol;

public class WireCodecTests
{
    private readonly WireCodec _codec = new(new MessageSigner("key"));

    private static JupyterMessage Sample() => new()
    {
        Identities = [[1, 2, 3], Encoding.UTF8.GetBytes("client")],
        Header = MessageHeader.Create("execute_request", "session-1", "ada"),
        ParentHeader = MessageHeader.Create("kernel_info_request", "session-1"),
        Metadata = new JsonObject { ["cellId"] = "c1" },
        Content = new JsonObject { ["code"] = "Console.WriteLine(\"é ✓ 😀\");", ["silent"] = false },
        Buffers = [[9, 8, 7]],
    };

    [Fact]
    public void Encode_then_decode_gives_back_the_message()
    {
        var original = Sample();
        var frames = _codec.Encode(original);
        Assert.Equal("<IDS|MSG>", Encoding.ASCII.GetString(frames[2]));

        var decoded = _codec.Decode(frames);
        Assert.Equal(original.Identities, decoded.Identities);
        Assert.Equal(original.Header, decoded.Header);
        Assert.Equal(original.ParentHeader, decoded.ParentHeader);
        Assert.Equal("c1", decoded.Metadata["cellId"]!.GetValue<string>());
        Assert.Equal("Console.WriteLine(\"é ✓ 😀\");", decoded.Content["code"]!.GetValue<string>());
        Assert.Equal(original.Buffers, decoded.Buffers);
    }

    [Fact]
    public void Empty_parent_header_decodes_as_null()
    {
        var frames = _codec.Encode(Sample() with { ParentHeader = null });
        Assert.Equal("{}", Encoding.UTF8.GetString(frames[5])); // identities (2), delimiter, signature, header, parent
        Assert.Null(_codec.Decode(frames).ParentHeader);
    }

    [Fact]
    public void Missing_delimiter_is_reported()
    {
        var frames = _codec.Encode(Sample());
        frames.RemoveAt(2);
        var e = Assert.Throws<WireFormatException>(() => _codec.Decode(frames));
        Assert.Contains("<IDS|MSG>", e.Message);
    }

    [Fact]
    public void Too_few_frames_are_reported_with_the_count()
    {
        var frames = _codec.Encode(Sample()).Take(5).ToList();
        var e = Assert.Throws<WireFormatException>(() => _codec.Decode(frames));
        Assert.Contains("expected at least 5", e.Message);
    }

    [Fact]
    public void Wrong_signature_is_rejected()
    {
        var frames = new WireCodec(new MessageSigner("other-key")).Encode(Sample());
        var e = Assert.Throws<WireFormatException>(() => _codec.Decode(frames));
        Assert.Contains("signature", e.Message);
    }

    [Fact]
    public void Unsigned_message_is_rejected_when_a_key_is_set()
    {
        var frames = new WireCodec(new MessageSigner("")).Encode(Sample());
        var e = Assert.Throws<WireFormatException>(() => _codec.Decode(frames));
        Assert.Contains("not signed", e.Message);
    }

    [Theory]
    [InlineData(5, "content")]
    [InlineData(4, "metadata")]
    [InlineData(2, "header")]
    [InlineData(3, "parent_header")]
    public void Malformed_json_names_the_frame(int frameIndex, string name)
    {
        var unsigned = new WireCodec(new MessageSigner(""));
        var frames = unsigned.Encode(Sample() with { Identities = [] });
        frames[frameIndex] = Encoding.UTF8.GetBytes("{not json");
        var e = Assert.Throws<WireFormatException>(() => unsigned.Decode(frames));
        Assert.StartsWith(name + " frame", e.Message);
    }

    [Fact]
    public void Header_without_msg_type_is_reported()
    {
        var unsigned = new WireCodec(new MessageSigner(""));
        var frames = unsigned.Encode(Sample() with { Identities = [] });
        frames[2] = Encoding.UTF8.GetBytes("""{"msg_id":"x"}""");
        var e = Assert.Throws<WireFormatException>(() => unsigned.Decode(frames));
        Assert.Contains("header.msg_type", e.Message);
    }

    [Fact]
    public void Content_that_is_not_an_object_is_reported()
    {
        var unsigned = new WireCodec(new MessageSigner(""));
        var frames = unsigned.Encode(Sample() with { Identities = [] });
        frames[5] = Encoding.UTF8.GetBytes("[1,2]");
        var e = Assert.Throws<WireFormatException>(() => unsigned.Decode(frames));
        Assert.Contains("content frame is not a JSON object", e.Message);
    }
}
