using Analysis.Kernel.Packages;

namespace Analysis.Kernel.Tests.Packages;

/// <summary>A restore that takes too long or is interrupted stops, and the next one starts afresh.</summary>
public sealed class RestoreLimitsTests(TempCache cache) : IClassFixture<TempCache>
{
    private static readonly PackageDirective NodaTime = new("NodaTime", "3.3.7");

    [Fact]
    public async Task A_restore_past_its_timeout_is_stopped_with_a_clear_error()
    {
        var restorer = new NuGetRestorer(Path.Combine(cache.Root, "timeout"), TimeSpan.FromMilliseconds(50));
        var error = await Assert.ThrowsAsync<PackageRestoreException>(() => restorer.RestoreAsync([NodaTime]));
        Assert.Contains("NodaTime 3.3.7", error.Message);
        Assert.Contains("did not finish within", error.Message);
    }

    [Fact]
    public async Task An_interrupted_restore_is_cancelled_and_a_later_one_succeeds()
    {
        var restorer = cache.Restorer("interrupt");
        using var interrupt = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => restorer.RestoreAsync([NodaTime], cancellation: interrupt.Token));

        var result = await restorer.RestoreAsync([NodaTime]);
        Assert.NotEmpty(result.Find("NodaTime")!.CompileAssets);
        Assert.Equal(2, restorer.RestoreCount);
    }
}
