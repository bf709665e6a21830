using System.Text.Json.Nodes;
using Analysis.Kernel.History;
using Analysis.Kernel.LanguageServices;
using Analysis.Kernel.Protocol;
using Analysis.Kernel.Transport;

namespace Analysis.Kernel;

public sealed partial class JupyterKernel
{
    private static readonly TimeSpan LanguageServiceTimeout = TimeSpan.FromSeconds(10);

    private void Complete(Channel channel, JupyterMessage request)
    {
        var code = RequestContent.String(request, "code");
        int cursor = TextPositions.ToUtf16(code, CursorPosition(request, code));
        using var timeout = new CancellationTokenSource(LanguageServiceTimeout);
        var result = _language.CompleteAsync(code, cursor, timeout.Token).GetAwaiter().GetResult();
        Reply(channel, request, "complete_reply", new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray(result.Matches.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray()),
            ["cursor_start"] = TextPositions.ToCodePoints(code, result.Start),
            ["cursor_end"] = TextPositions.ToCodePoints(code, result.End),
            ["metadata"] = new JsonObject
            {
                ["_jupyter_types_experimental"] = new JsonArray(result.Matches.Zip(result.Kinds).Select(p => (JsonNode?)new JsonObject
                {
                    ["text"] = p.First, ["type"] = p.Second,
                    ["start"] = TextPositions.ToCodePoints(code, result.Start), ["end"] = TextPositions.ToCodePoints(code, result.End),
                }).ToArray()),
            },
        });
    }

    private void Inspect(Channel channel, JupyterMessage request)
    {
        var code = RequestContent.String(request, "code");
        int cursor = TextPositions.ToUtf16(code, CursorPosition(request, code));
        int detail = RequestContent.Integer(request, "detail_level", 0);
        using var timeout = new CancellationTokenSource(LanguageServiceTimeout);
        var result = _language.InspectAsync(code, cursor, detail, timeout.Token).GetAwaiter().GetResult();
        var data = new JsonObject();
        if (result is not null)
        {
            data["text/plain"] = result.PlainText;
            data["text/markdown"] = result.Markdown;
        }
        Reply(channel, request, "inspect_reply", new JsonObject
        {
            ["status"] = "ok", ["found"] = result is not null, ["data"] = data, ["metadata"] = new JsonObject(),
        });
    }

    private void IsComplete(Channel channel, JupyterMessage request)
    {
        var result = _language.IsComplete(RequestContent.String(request, "code"));
        var content = new JsonObject { ["status"] = result.Status.ToString().ToLowerInvariant() };
        if (result.Status == Completeness.Incomplete) content["indent"] = result.Indent;
        Reply(channel, request, "is_complete_reply", content);
    }

    private void HistoryReply(Channel channel, JupyterMessage request)
    {
        int Int(string name, int fallback) => RequestContent.Integer(request, name, fallback);
        bool output = RequestContent.Boolean(request, "output", false);
        var entries = RequestContent.String(request, "hist_access_type", "tail") switch
        {
            "tail" => _history.Tail(Int("n", 10)),
            "range" => _history.Range(Int("session", 0), Int("start", 1), Int("stop", 0)),
            "search" => _history.Search(RequestContent.String(request, "pattern", "*"), Int("n", 0), RequestContent.Boolean(request, "unique", false)),
            var other => throw new InvalidRequestException($"history_request: content.hist_access_type must be tail, range or search, got '{other}'"),
        };
        Reply(channel, request, "history_reply", new JsonObject
        {
            ["status"] = "ok",
            ["history"] = new JsonArray(entries.Select(e => (JsonNode?)HistoryTuple(e, output)).ToArray()),
        });
    }

    private static JsonArray HistoryTuple(HistoryEntry e, bool output) =>
        output ? new JsonArray(e.Session, e.Line, new JsonArray(e.Input, e.Output)) : new JsonArray(e.Session, e.Line, e.Input);

    private static int CursorPosition(JupyterMessage request, string code) =>
        Math.Clamp(RequestContent.Integer(request, "cursor_pos", code.Length), 0, code.Length);
}
