using CsCheck;

namespace MiniStore.Protocol.Tests;

/// <summary>The SIMD tokenizer and its scalar twin (used for short lines and on hardware without SIMD) must agree.</summary>
public sealed class TokenizerTests
{
    private static readonly Gen<byte[]> Lines = Gen.OneOf(
        Gen.OneOf<byte>((byte)' ', (byte)'\t', (byte)'a', (byte)'"', (byte)'\'', 0, 0xFF),
        Gen.Byte).Array[16, 100];

    [Fact]
    public void VectorAndScalar_FindTheSameTokens()
    {
        Lines.Sample(line =>
        {
            var vector = new TokenList();
            var scalar = new TokenList();

            var vectorCount = LineTokenizer.TokenizePlainVector(line, vector);
            var scalarCount = LineTokenizer.TokenizePlainScalar(line, scalar);

            Assert.Equal(scalarCount, vectorCount);
            if (scalarCount >= 0)
            {
                Assert.Equal(Describe(scalar), Describe(vector));
            }
        }, iter: 5000);
    }

    [Theory]
    [InlineData("0123456789abcdef")]
    [InlineData("0123456789abcdef ")]
    [InlineData(" 0123456789abcdef")]
    [InlineData("0123456789abcde f")]
    [InlineData("0123456789abcdefg")]
    [InlineData("               a")]
    [InlineData("a               ")]
    [InlineData("                ")]
    [InlineData("SET key:00000001 vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv EX 100")]
    [InlineData("a b c d e f g h i j k l m n o p q r s t u v w x y z")]
    public void BlockEdges(string line)
    {
        var bytes = Wire.Bytes(line);
        var vector = new TokenList();
        var scalar = new TokenList();

        LineTokenizer.TokenizePlainVector(bytes, vector);
        LineTokenizer.TokenizePlainScalar(bytes, scalar);

        Assert.Equal(line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length, vector.Count);
        Assert.Equal(Describe(scalar), Describe(vector));
    }

    [Theory]
    [InlineData("0123456789abcdef \"quoted\"")]
    [InlineData("0123456789abcdef 'x'")]
    [InlineData("\"0123456789abcdef\"")]
    public void QuoteAtATokenStart_NeedsDecoding(string line)
    {
        Assert.Equal(LineTokenizer.NeedsDecoding, LineTokenizer.TokenizePlainVector(Wire.Bytes(line), new TokenList()));
        Assert.Equal(LineTokenizer.NeedsDecoding, LineTokenizer.TokenizePlainScalar(Wire.Bytes(line), new TokenList()));
    }

    private static string Describe(TokenList tokens) =>
        string.Join(",", tokens.AsSpan().ToArray().Select(t => $"{t.Offset}:{t.Length}"));
}
