namespace Analysis.ML.Torch;

/// <summary>The one lock around every use this library makes of torch's global random generator.</summary>
/// <remarks>
/// libtorch has one CPU generator for the whole process, shared by every thread. A seeded run (<c>manual_seed</c>, then
/// initial weights or dropout masks drawn from it) is reproducible only if no other thread draws in between: two
/// trainings at once in one process (tests in parallel, a node answering two sites' rounds, a notebook training in a
/// background task) would otherwise interleave their draws and each get weights no single run gives. Network creation
/// and the whole training loop hold this lock, so such runs take turns; code outside this library that draws from the
/// global generator (<c>torch.randn</c> in a cell) does not take it and should not run beside a seeded training.
/// </remarks>
internal static class TorchRandom
{
    /// <summary>Held while seeding and drawing from torch's global generator.</summary>
    public static readonly Lock Gate = new();
}
