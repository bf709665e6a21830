using System.Diagnostics;
using System.Text.Json;

namespace Analysis.ML.Tests;

/// <summary>Runs the reference implementations (Debian's Python with scikit-learn and PyTorch); a missing peer fails the test.</summary>
public static class Peers
{
    public const string Python = "/usr/bin/python3";

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Analysis.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Analysis.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs <paramref name="script"/> with <paramref name="input"/> as JSON on stdin and parses its stdout as JSON.</summary>
    public static JsonElement RunPython(string script, object input)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing; test.sh installs python3-sklearn and python3-torch");
        var path = Path.Combine(Path.GetTempPath(), $"analysis-ml-{Guid.NewGuid():N}.py");
        File.WriteAllText(path, script);
        try
        {
            var start = new ProcessStartInfo(Python, path) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            process.StandardInput.Write(JsonSerializer.Serialize(input));
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"python failed ({process.ExitCode}): {error.Result}");
            return JsonDocument.Parse(output).RootElement.Clone();
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Loads torch with one intra-op thread: tests run in parallel on a shared machine, where more threads only spin.</summary>
    public static void OneTorchThread() => Analysis.ML.Torch.TorchRuntime.SetThreads(1);

    public static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    /// <summary>
    /// The weights PyTorch reaches from <paramref name="initial"/> after <paramref name="steps"/> full-batch steps of the
    /// 30-8-4-1 ReLU network with <paramref name="optimizer"/> (a <c>torch.optim</c> constructor call on
    /// <c>net.parameters()</c>, e.g. <c>SGD(net.parameters(), lr=0.5)</c>): the reference our training steps are checked against.
    /// </summary>
    public static double[] PyTorchMlpWeights(float[] initial, float[] x, float[] y, string optimizer, int steps = 5)
    {
        var result = RunPython($$"""
            import json, sys, torch
            q = json.load(sys.stdin)
            torch.set_num_threads(1)
            net = torch.nn.Sequential(torch.nn.Linear(30, 8), torch.nn.ReLU(), torch.nn.Linear(8, 4), torch.nn.ReLU(), torch.nn.Linear(4, 1))
            w = torch.tensor(q["w"], dtype=torch.float32); k = 0
            with torch.no_grad():
                for p in net.parameters():
                    n = p.numel(); p.copy_(w[k:k+n].reshape(p.shape)); k += n
            X = torch.tensor(q["x"], dtype=torch.float32).reshape(-1, 30); Y = torch.tensor(q["y"], dtype=torch.float32).reshape(-1, 1)
            opt = torch.optim.{{optimizer}}
            for _ in range({{steps}}):
                opt.zero_grad(); loss = torch.nn.functional.binary_cross_entropy_with_logits(net(X), Y); loss.backward(); opt.step()
            print(json.dumps({"w": torch.cat([p.detach().flatten() for p in net.parameters()]).tolist()}))
            """, new { w = initial, x, y });
        return Doubles(result.GetProperty("w"));
    }
}
