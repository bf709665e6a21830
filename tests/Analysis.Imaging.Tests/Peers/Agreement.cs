namespace Analysis.Imaging.Tests.Peers;

/// <summary>How our values must agree with pydicom's and nibabel's: stored values exactly, computed ones to 1e-12.</summary>
internal static class Agreement
{
    /// <summary>Relative difference allowed between our rescaled or scaled values (double) and the reference's float64.</summary>
    public const double Relative = 1e-12;

    /// <summary>The same numpy dtype and the same bytes (so the same values, NaN payloads and signed zeros included).</summary>
    public static void AssertSameStored(string expectedDtype, byte[] expected, Array actual, string what)
    {
        var type = actual.GetType().GetElementType()!;
        Assert.True(expectedDtype == ElementKind.NameOf(type), $"{what}: our values are {ElementKind.NameOf(type)}, the reference's {expectedDtype}");
        var kind = ElementKind.Of(type)!;
        var bytes = kind.Bytes(actual);
        Assert.True(bytes.Length == expected.Length, $"{what}: {actual.Length} values, the reference has {expected.Length / kind.Size}");
        var first = bytes.CommonPrefixLength(expected);
        if (first < bytes.Length)
        {
            var index = first / kind.Size;
            var theirs = Convert.ToHexString(expected, index * kind.Size, kind.Size);
            Assert.Fail($"{what}: value {index} is {actual.GetValue(index)} (bytes {Convert.ToHexString(bytes.Slice(index * kind.Size, kind.Size))}), the reference's bytes are {theirs}");
        }
    }

    /// <summary>Each value within <see cref="Relative"/> of the reference's (equal infinities, both NaN).</summary>
    public static void AssertClose(double[] expected, ReadOnlySpan<double> actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, the reference has {expected.Length}");
        for (var i = 0; i < expected.Length; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            if (a == e || (double.IsNaN(a) && double.IsNaN(e)) || Math.Abs(a - e) <= Relative * Math.Abs(e)) continue;
            Assert.Fail($"{what}: value {i} is {a:R}, the reference says {e:R} (relative difference {Math.Abs(a - e) / Math.Abs(e):E2})");
        }
    }

    /// <summary>Float on request: each value is the reference's float64 rounded once to float32.</summary>
    public static void AssertRoundedOnce(double[] expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, the reference has {expected.Length}");
        for (var i = 0; i < expected.Length; i++)
            if (!((float)expected[i]).Equals(actual[i]))
                Assert.Fail($"{what}: float value {i} is {actual[i]:R}, the reference's {expected[i]:R} rounds to {(float)expected[i]:R}");
    }
}
