using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

public class TokenizationReportTests
{
    [Fact]
    public void CountsUnknownTokensAsComputedByHand()
    {
        var vocab = Vocabulary.Build(["a b a b c"]);  // a, b kept; c seen once
        // "a c d": c and d unknown; "b b": none. 2 of 5 tokens.
        var report = vocab.Report(["a c d", "b b"]);
        Assert.Equal(new TokenizationReport("whitespace", 2, 5, 2), report);
        Assert.Equal(0.4, report.UnknownRate);
        Assert.Equal(2.5, report.TokensPerText);
        Assert.Equal("whitespace: 40.00 % unknown (2 of 5 tokens in 2 texts, 2.5 per text)", report.ToString());
        Assert.Equal(0.4, vocab.UnknownRate([new TextExample("a c d", 0), new TextExample("b b", 1)]));

        // Cut at 2 tokens (what the model sees): "a c" and "b b", 1 of 4 unknown, one text cut.
        var cut = vocab.Report(["a c d", "b b"], maxLength: 2);
        Assert.Equal(new TokenizationReport("whitespace", 2, 4, 1, 2, 1), cut);
        Assert.Equal(0.25, cut.UnknownRate);
        Assert.EndsWith("; 1 of 2 texts cut at 2)", cut.ToString());
    }

    [Fact]
    public void NoTokensIsARateOfZero()
    {
        var report = Vocabulary.Build(["a a"]).Report(["", "   "]);
        Assert.Equal((2, 0L, 0.0), (report.Texts, report.Tokens, report.UnknownRate));
    }

    [Fact]
    public void Gpt2ReportsItsSubwords()
    {
        var vocab = Vocabulary.Build(["good film", "good film"], tokenizer: TextTokenizers.Gpt2);
        var report = vocab.Report(["good film bad"]);  // good, Ġfilm, Ġbad: the last unknown
        Assert.Equal(new TokenizationReport("gpt2", 1, 3, 1), report);
    }
}
