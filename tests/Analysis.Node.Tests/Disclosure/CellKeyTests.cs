using Analysis.Contracts;
using Analysis.Node.Disclosure;

namespace Analysis.Node.Tests.Disclosure;

public sealed class CellKeyTests
{
    [Fact]
    public void Noise_is_a_function_of_the_cell_only()
    {
        for (ulong key = 1; key < 200; key++)
            Assert.Equal(CellKey.Noise(key * 7919, 42, CellKind.Count, 2), CellKey.Noise(key * 7919, 42, CellKind.Count, 2));
    }

    [Fact]
    public void Noise_has_the_published_distribution()
    {
        // Weights max + 1 - |k|: for max 2 the probabilities are 1/9, 2/9, 3/9, 2/9, 1/9, mean 0, variance 4/3.
        var random = new Random(7);
        var counts = new Dictionary<int, int>();
        const int draws = 90_000;
        for (var i = 0; i < draws; i++)
        {
            var noise = CellKey.Noise((ulong)random.NextInt64(), random.Next(5, 1000), CellKind.Count, 2);
            counts[noise] = counts.GetValueOrDefault(noise) + 1;
        }
        Assert.Equal([-2, -1, 0, 1, 2], counts.Keys.Order());
        foreach (var (k, expected) in new[] { (-2, 1.0), (-1, 2.0), (0, 3.0), (1, 2.0), (2, 1.0) })
            Assert.InRange(counts[k] / (double)draws, expected / 9 - 0.01, expected / 9 + 0.01);
        var mean = counts.Sum(c => c.Key * (double)c.Value) / draws;
        var variance = counts.Sum(c => c.Key * c.Key * (double)c.Value) / draws - mean * mean;
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(variance, 4.0 / 3 - 0.05, 4.0 / 3 + 0.05);
    }

    [Fact]
    public void Other_patients_or_another_kind_of_number_give_independent_noise()
    {
        // Differencing cells that differ by one patient must not cancel the noise: their keys differ.
        var random = new Random(11);
        int same = 0, sameKind = 0;
        const int trials = 20_000;
        for (var i = 0; i < trials; i++)
        {
            var key = (ulong)random.NextInt64();
            var other = key ^ (ulong)random.NextInt64();
            if (CellKey.Noise(key, 50, CellKind.Count, 2) == CellKey.Noise(other, 49, CellKind.Count, 2)) same++;
            if (CellKey.Noise(key, 50, CellKind.Count, 2) == CellKey.Noise(key, 50, CellKind.Sum, 2)) sameKind++;
        }
        // Two independent draws agree with probability 1/81 + 4/81 + 9/81 + 4/81 + 1/81 = 19/81.
        Assert.InRange(same / (double)trials, 19.0 / 81 - 0.015, 19.0 / 81 + 0.015);
        Assert.InRange(sameKind / (double)trials, 19.0 / 81 - 0.015, 19.0 / 81 + 0.015);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 0)]
    [InlineData(3, 5)]
    [InlineData(7, 5)]
    [InlineData(8, 10)]
    [InlineData(-3, -5)]
    public void Rounding_goes_to_the_nearest_multiple(long value, long rounded) =>
        Assert.Equal(rounded, DisclosureRules.RoundToBase(value, 5));

    [Fact]
    public void A_protected_count_is_perturbed_rounded_and_never_below_the_threshold()
    {
        var policy = new DisclosurePolicy();
        var random = new Random(3);
        for (var i = 0; i < 5_000; i++)
        {
            var count = random.Next(0, 200);
            var cell = policy.Release(count, (ulong)random.NextInt64(), CellKind.Count);
            if (count < policy.MinCellCount)
            {
                Assert.True(cell.IsSuppressed);
                continue;
            }
            Assert.Equal(0, cell.Value!.Value % policy.RoundingBase);
            Assert.True(cell.Value >= policy.MinCellCount);
            // Within the noise plus half the rounding base.
            Assert.InRange(cell.Value.Value, count - policy.NoiseMax - 2.5, count + policy.NoiseMax + 2.5);
        }
    }

    [Fact]
    public void An_exact_policy_releases_true_counts()
    {
        var policy = new DisclosurePolicy { Mode = DisclosureMode.Exact };
        Assert.Equal(17, policy.Release(17, 12345, CellKind.Count).Value);
        Assert.True(policy.Release(4, 12345, CellKind.Count).IsSuppressed);
        Assert.Equal(3, policy.ReleaseOnGrid(3, 12345, CellKind.Events).Value);
        Assert.Equal(1234.5, policy.ReleaseSum(1234.5, 10, 12345, CellKind.Sum, 30));
    }

    [Fact]
    public void Grid_cells_keep_zero_and_never_go_negative()
    {
        var policy = new DisclosurePolicy();
        var random = new Random(5);
        for (var i = 0; i < 2_000; i++)
        {
            var count = random.Next(0, 4);
            var cell = policy.ReleaseOnGrid(count, (ulong)random.NextInt64(), CellKind.Events);
            if (count == 0) Assert.Equal(0, cell.Value);
            Assert.True(cell.Value >= 0);
        }
    }

    [Fact]
    public void The_mode_is_a_word_on_the_wire_and_in_node_json()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new DisclosurePolicy(), ContractJson.Strict);
        Assert.Contains("\"mode\":\"protected\"", json);
        var exact = System.Text.Json.JsonSerializer.Deserialize("""{"mode":"exact","minCellCount":1}""", ContractJson.Default.DisclosurePolicy)!;
        Assert.Equal(DisclosureMode.Exact, exact.Mode);
        // Members left out keep their defaults (the source-generated reader and init-only members would zero them).
        Assert.Equal(10, exact.MinSubsetSize);
        Assert.Equal(1.1, exact.Learning.NoiseMultiplier);
    }
}
