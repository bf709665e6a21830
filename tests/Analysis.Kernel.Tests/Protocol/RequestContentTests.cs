using System.Text.Json.Nodes;
using Analysis.Kernel.Protocol;

namespace Analysis.Kernel.Tests.Protocol;

public class RequestContentTests
{
    private static JupyterMessage Request(string json) => new()
    {
        Header = MessageHeader.Create("execute_request", "s"),
        Content = JsonNode.Parse(json)!.AsObject(),
    };

    [Fact]
    public void Present_fields_are_read_and_absent_or_null_ones_take_the_default()
    {
        var request = Request("""{"code": "1+1", "silent": true, "cursor_pos": 3, "allow_stdin": null}""");
        Assert.Equal("1+1", RequestContent.String(request, "code"));
        Assert.True(RequestContent.Boolean(request, "silent", false));
        Assert.Equal(3, RequestContent.Integer(request, "cursor_pos", 0));
        Assert.True(RequestContent.Boolean(request, "allow_stdin", true));
        Assert.Equal("tail", RequestContent.String(request, "hist_access_type", "tail"));
    }

    [Theory]
    [InlineData("""{"code": 42}""", "code", "execute_request: content.code must be a string, got number 42")]
    [InlineData("""{"silent": "yes"}""", "silent", "execute_request: content.silent must be true or false, got string \"yes\"")]
    [InlineData("""{"cursor_pos": 2.5}""", "cursor_pos", "execute_request: content.cursor_pos must be an integer, got number 2.5")]
    [InlineData("""{"cursor_pos": [1]}""", "cursor_pos", "execute_request: content.cursor_pos must be a number, got array [1]")]
    public void Wrong_types_name_the_message_the_field_and_what_arrived(string json, string field, string message)
    {
        var request = Request(json);
        var e = Assert.Throws<InvalidRequestException>(() => field switch
        {
            "code" => (object)RequestContent.String(request, field),
            "silent" => RequestContent.Boolean(request, field, false),
            _ => RequestContent.Integer(request, field, 0),
        });
        Assert.Equal(message, e.Message);
    }
}
