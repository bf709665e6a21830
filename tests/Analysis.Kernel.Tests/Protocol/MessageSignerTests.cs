using System.Text;
using Analysis.Kernel.Protocol;

namespace Analysis.Kernel.Tests.Protocol;

public class MessageSignerTests
{
    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"msg_id":"1","msg_type":"execute_request"}""");
    private static readonly byte[] Empty = Encoding.UTF8.GetBytes("{}");
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("""{"code":"1+1"}""");

    // Computed independently with Python's hmac module over the same four frames.
    private const string PythonHmac = "83f14d450ece26cab8fb53d5dd17c43f99c552f5e7ed1f5aa8e0429e781d76e0";

    [Fact]
    public void Signature_matches_an_independent_hmac_sha256()
    {
        var signer = new MessageSigner("secret-key");
        Assert.Equal(PythonHmac, signer.Sign(Header, Empty, Empty, Content));
    }

    [Fact]
    public void Verify_accepts_the_right_signature_in_either_case()
    {
        var signer = new MessageSigner("secret-key");
        Assert.True(signer.Verify(PythonHmac, Header, Empty, Empty, Content));
        Assert.True(signer.Verify(PythonHmac.ToUpperInvariant(), Header, Empty, Empty, Content));
    }

    [Theory]
    [InlineData("")]                       // missing
    [InlineData("83f14d45")]               // truncated
    [InlineData("zz" + "f14d450ece26cab8fb53d5dd17c43f99c552f5e7ed1f5aa8e0429e781d76e0")] // not hex
    [InlineData("93f14d450ece26cab8fb53d5dd17c43f99c552f5e7ed1f5aa8e0429e781d76e0")]   // one nibble off
    public void Verify_rejects_bad_signatures(string signature)
    {
        Assert.False(new MessageSigner("secret-key").Verify(signature, Header, Empty, Empty, Content));
    }

    [Fact]
    public void Verify_rejects_tampered_content()
    {
        var tampered = Encoding.UTF8.GetBytes("""{"code":"1+2"}""");
        Assert.False(new MessageSigner("secret-key").Verify(PythonHmac, Header, Empty, Empty, tampered));
    }

    [Fact]
    public void Empty_key_disables_signing()
    {
        var signer = new MessageSigner("");
        Assert.False(signer.IsEnabled);
        Assert.Equal("", signer.Sign(Header, Empty, Empty, Content));
        Assert.True(signer.Verify("", Header, Empty, Empty, Content));
    }
}
