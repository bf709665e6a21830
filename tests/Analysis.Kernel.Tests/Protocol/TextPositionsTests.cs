using Analysis.Kernel.Protocol;

namespace Analysis.Kernel.Tests.Protocol;

public class TextPositionsTests
{
    // "a😀b": 3 code points, 4 UTF-16 units.
    private const string Text = "a\U0001F600b";

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 4)]
    [InlineData(99, 4)]
    public void Code_points_map_to_utf16(int codePoints, int utf16) => Assert.Equal(utf16, TextPositions.ToUtf16(Text, codePoints));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    public void Utf16_maps_back_to_code_points(int utf16, int codePoints) => Assert.Equal(codePoints, TextPositions.ToCodePoints(Text, utf16));
}
