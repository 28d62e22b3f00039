using Safr.Kit.Attribution;
using Safr.Kit.Data;
using Safr.Kit.Model;
using static TorchSharp.torch;

namespace Safr.Kit.Metrics;

/// <summary>
/// Precision@k of VMASK's ranking against planted ground truth: for each text with k planted tokens, the
/// share of its k highest keep probabilities that fall on planted tokens, averaged over texts (texts with
/// no planted token are skipped). 1 means VMASK ranks exactly the decisive words first.
/// </summary>
public static class PlantedPrecision
{
    public static double AtK(nn.Module<Tensor, SafrOutput> model, Vocabulary vocabulary, IReadOnlyList<TextExample> examples, Func<string, bool> isPlanted, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(isPlanted);
        // Planted cues are whole words: positions line up with the vocabulary's tokens only for words.
        if (vocabulary.Tokenizer is not WhitespaceTokenizer)
            throw new ArgumentException($"planted precision marks whole words; this vocabulary has {vocabulary.Tokenizer.Name} tokens", nameof(vocabulary));
        var ids = new List<IReadOnlyList<int>>();
        var planted = new List<bool[]>();
        foreach (var e in examples)
        {
            var tokens = WhitespaceTokenizer.Tokenize(e.Text).Take(maxLength).ToArray();
            var flags = tokens.Select(isPlanted).ToArray();
            if (tokens.Length == 0 || !flags.Any(f => f)) continue;
            ids.Add(vocabulary.Encode(e.Text, maxLength));
            planted.Add(flags);
        }
        if (ids.Count == 0) throw new ArgumentException("no example holds a planted token", nameof(examples));
        var keep = new VmaskAttribution().Attribute(model, ids);
        double sum = 0;
        for (var n = 0; n < ids.Count; n++)
        {
            var k = planted[n].Count(f => f);
            var top = TokenRankings.Descending(keep[n]).Take(k);
            sum += (double)top.Count(i => planted[n][i]) / k;
        }
        return sum / ids.Count;
    }
}
