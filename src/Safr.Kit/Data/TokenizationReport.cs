using System.Globalization;

namespace Safr.Kit.Data;

/// <summary>
/// How well a vocabulary covers a set of texts: tokens, unknown tokens (<see cref="Vocabulary.UnkId"/>) and their
/// share. With a <see cref="MaxLength"/>, only each text's first MaxLength tokens count (what the model sees) and
/// <see cref="TruncatedTexts"/> says how many texts were cut: a subword tokenizer makes texts longer.
/// <code>
/// var vocabulary = Vocabulary.Build(data, tokenizer: TextTokenizers.Gpt2);
/// vocabulary.Report(data.Test, maxLength: 128)   // gpt2: 0.31% unknown (...)
/// </code>
/// </summary>
/// <param name="Tokenizer">The vocabulary's tokenizer.</param>
/// <param name="Texts">Texts measured.</param>
/// <param name="Tokens">Tokens counted (up to MaxLength per text when given).</param>
/// <param name="UnknownTokens">Of those, the ones mapped to <see cref="Vocabulary.UnkId"/>.</param>
/// <param name="MaxLength">The cut, or null when whole texts were counted.</param>
/// <param name="TruncatedTexts">Texts longer than MaxLength (0 without one).</param>
public sealed record TokenizationReport(string Tokenizer, int Texts, long Tokens, long UnknownTokens, int? MaxLength = null, int TruncatedTexts = 0)
{
    /// <summary>Unknown tokens over tokens (0 when there are no tokens).</summary>
    public double UnknownRate => Tokens == 0 ? 0 : (double)UnknownTokens / Tokens;

    /// <summary>Mean tokens per text (after the cut, when there is one).</summary>
    public double TokensPerText => Texts == 0 ? 0 : (double)Tokens / Texts;

    /// <summary>Counts <paramref name="texts"/>' tokens as <paramref name="vocabulary"/> encodes them.</summary>
    public static TokenizationReport Measure(Vocabulary vocabulary, IEnumerable<string> texts, int? maxLength = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(texts);
        if (maxLength is < 1) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "must be at least 1 when given");
        var (count, tokens, unknown, truncated) = (0, 0L, 0L, 0);
        foreach (var text in texts)
        {
            var ids = vocabulary.Encode(text);
            var seen = Math.Min(ids.Length, maxLength ?? int.MaxValue);
            if (seen < ids.Length) truncated++;
            for (var i = 0; i < seen; i++)
                if (ids[i] == Vocabulary.UnkId) unknown++;
            tokens += seen;
            count++;
        }
        return new TokenizationReport(vocabulary.Tokenizer.Name, count, tokens, unknown, maxLength, truncated);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Tokenizer}: {UnknownRate:P2} unknown ({UnknownTokens:N0} of {Tokens:N0} tokens in {Texts:N0} texts, {TokensPerText:0.#} per text{(MaxLength is { } max ? $"; {TruncatedTexts:N0} of {Texts:N0} texts cut at {max}" : "")})");
}
