using Safr.Kit.Attribution;
using Safr.Kit.Data;
using Safr.Kit.Model;
using static TorchSharp.torch;

namespace Safr.Kit.Metrics;

/// <summary>
/// ERASER's faithfulness metrics (DeYoung et al., ACL 2020) for a token ranking: for each bin k% of a text's
/// tokens (<see cref="EraserBins"/>), comprehensiveness p(y^|x) - p(y^|x \ top k) and sufficiency
/// p(y^|x) - p(y^|top k), with y^ the prediction on the full text x, then AOPC = the mean over bins.
/// Tokens are deleted (the text gets shorter) and a fully deleted text becomes a single PAD
/// (<see cref="TokenErasure"/>). <see cref="Evaluate(nn.Module{Tensor, SafrOutput}, IReadOnlyList{IReadOnlyList{int}}, IReadOnlyList{ITokenAttribution}, IReadOnlyList{double}, int?, int, int?)"/>
/// compares the rankings of any <see cref="ITokenAttribution"/>s (VMASK's and a random one by default) on any module with
/// the kit's contract (<see cref="SafrOutput"/>);
/// <see cref="Score"/> is the model-free core.
/// </summary>
public static class Faithfulness
{
    /// <summary>ERASER's bins: the top 1, 5, 10, 20 and 50% of the tokens.</summary>
    public static IReadOnlyList<double> EraserBins { get; } = [0.01, 0.05, 0.10, 0.20, 0.50];

    /// <summary>
    /// Comprehensiveness and sufficiency of one ranking per example, for any classifier. All perturbed inputs
    /// (and the full texts) are collected, identical ones scored once, and passed to
    /// <paramref name="classProbabilities"/> in calls of at most <paramref name="batchSize"/> inputs that all
    /// have the same length, so a classifier that pads a call to its longest input adds no padding and the
    /// numbers do not depend on how inputs were grouped. AOPC is the mean over bins, as ERASER's scorer
    /// reports it (its paper's formula also counts an empty bin, worth 0, in the denominator).
    /// </summary>
    /// <param name="classProbabilities">p(c | input) for each input (token ids, no padding): one row of class probabilities per input.</param>
    /// <param name="examples">Token ids of each text, unpadded and non-empty.</param>
    /// <param name="rankings">Per example, its positions most important first (a permutation).</param>
    /// <param name="bins">Fractions in (0, 1]; k = ceil(fraction * length), at least 1 (<see cref="TokenErasure.TopCount"/>). Default <see cref="EraserBins"/>.</param>
    /// <param name="name">The ranking's name in the result.</param>
    public static FaithfulnessCurve Score(
        Func<IReadOnlyList<int[]>, double[][]> classProbabilities,
        IReadOnlyList<IReadOnlyList<int>> examples,
        IReadOnlyList<IReadOnlyList<int>> rankings,
        IReadOnlyList<double>? bins = null,
        int batchSize = 64,
        string name = "ranking")
    {
        ArgumentNullException.ThrowIfNull(classProbabilities);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(rankings);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var binList = CheckBins(bins ?? EraserBins);
        if (examples.Count == 0) throw new InputException("faithfulness: no examples to score");
        if (rankings.Count != examples.Count)
            throw new ArgumentException($"one ranking per example is needed: {examples.Count} examples, {rankings.Count} rankings", nameof(rankings));

        var inputs = new List<int[]>();
        var ids = new Dictionary<int[], int>(SequenceComparer.Instance);
        int Add(int[] input)
        {
            if (!ids.TryGetValue(input, out var id))
            {
                id = inputs.Count;
                ids.Add(input, id);
                inputs.Add(input);
            }
            return id;
        }

        var full = new int[examples.Count];
        var withoutTop = new int[examples.Count, binList.Length];
        var onlyTop = new int[examples.Count, binList.Length];
        for (var i = 0; i < examples.Count; i++)
        {
            var tokens = examples[i] ?? throw new ArgumentException($"example {i} is null", nameof(examples));
            if (tokens.Count == 0) throw new ArgumentException($"example {i} has no tokens", nameof(examples));
            TokenErasure.CheckRanking(rankings[i], tokens.Count, nameof(rankings));
            full[i] = Add([.. tokens]);
            for (var b = 0; b < binList.Length; b++)
            {
                var k = TokenErasure.TopCount(tokens.Count, binList[b]);
                withoutTop[i, b] = Add(TokenErasure.WithoutTop(tokens, rankings[i], k));
                onlyTop[i, b] = Add(TokenErasure.OnlyTop(tokens, rankings[i], k));
            }
        }

        var probabilities = Predict(classProbabilities, inputs, batchSize);
        var comprehensiveness = new double[binList.Length];
        var sufficiency = new double[binList.Length];
        for (var i = 0; i < examples.Count; i++)
        {
            var predicted = ArgMax(probabilities[full[i]]);
            var p = probabilities[full[i]][predicted];
            for (var b = 0; b < binList.Length; b++)
            {
                comprehensiveness[b] += p - probabilities[withoutTop[i, b]][predicted];
                sufficiency[b] += p - probabilities[onlyTop[i, b]][predicted];
            }
        }
        for (var b = 0; b < binList.Length; b++)
        {
            comprehensiveness[b] /= examples.Count;
            sufficiency[b] /= examples.Count;
        }
        return new FaithfulnessCurve(name, binList, comprehensiveness, sufficiency, examples.Count);
    }

    /// <summary>
    /// Each attribution's ranking (its scores, highest first: <see cref="TokenRankings.Descending"/>) scored by
    /// <see cref="Score"/> with the model's class probabilities, on the first <paramref name="maxExamples"/>
    /// non-empty examples (token ids, unpadded, as <see cref="BatchIterator.TokenIds"/> or
    /// <see cref="Vocabulary.Encode"/> give them). The model's mode is restored afterwards.
    /// </summary>
    /// <param name="attributions">The methods to compare, in the report's order; default VMASK and random (seed 0).</param>
    /// <param name="padToLength">
    /// Null scores every input at its own length (no padding); a length pads every input to it, for the
    /// attributions and the class probabilities alike, as <see cref="PaddingMode.FixedLength"/> does, which is
    /// how a model with the release's mean pooling over all positions was trained and evaluated. See
    /// <see cref="ClassProbabilities.Of"/>.
    /// </param>
    public static FaithfulnessReport Evaluate(
        nn.Module<Tensor, SafrOutput> model,
        IReadOnlyList<IReadOnlyList<int>> examples,
        IReadOnlyList<ITokenAttribution>? attributions = null,
        IReadOnlyList<double>? bins = null,
        int? maxExamples = null,
        int batchSize = 64,
        int? padToLength = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        if (maxExamples is < 1) throw new ArgumentOutOfRangeException(nameof(maxExamples), maxExamples, "must be at least 1 when given");
        var methods = CheckAttributions(attributions ?? [new VmaskAttribution(batchSize), new RandomAttribution(seed: 0)]);
        var classify = ClassProbabilities.Of(model, padToLength);
        var longest = padToLength ?? ModelInput.MaxLength(model);
        var scored = new List<IReadOnlyList<int>>();
        var empty = 0;
        for (var i = 0; i < examples.Count && scored.Count < (maxExamples ?? int.MaxValue); i++)
        {
            var tokens = examples[i] ?? throw new ArgumentException($"example {i} is null", nameof(examples));
            if (tokens.Count > longest)
                throw new ArgumentException($"example {i} has {tokens.Count} tokens, more than {(padToLength is null ? "the model's MaxSeqLength" : "padToLength")} {longest}", nameof(examples));
            if (tokens.Count == 0) empty++;
            else scored.Add(tokens);
        }
        if (scored.Count == 0) throw new InputException("faithfulness: no non-empty examples to score");

        using var evaluation = new EvaluationScope(model);
        var curves = new FaithfulnessCurve[methods.Length];
        for (var a = 0; a < methods.Length; a++)
            curves[a] = Score(classify, scored, Rank(methods[a], model, scored, padToLength), bins, batchSize, methods[a].Name);
        return new FaithfulnessReport(curves, empty);
    }

    /// <summary>
    /// <see cref="Evaluate(nn.Module{Tensor, SafrOutput}, IReadOnlyList{IReadOnlyList{int}}, IReadOnlyList{ITokenAttribution}, IReadOnlyList{double}, int?, int, int?)"/>
    /// on texts: each is encoded with <paramref name="vocabulary"/> and cut to <paramref name="maxLength"/> tokens,
    /// as <see cref="BatchIterator"/> does. <see cref="RunMode.Paper"/> pads every scored input to
    /// <paramref name="maxLength"/>, as the paper's model was trained; <see cref="RunMode.Fast"/> scores each at
    /// its own length.
    /// </summary>
    public static FaithfulnessReport Evaluate(
        nn.Module<Tensor, SafrOutput> model,
        Vocabulary vocabulary,
        IReadOnlyList<TextExample> examples,
        int maxLength,
        RunMode mode,
        IReadOnlyList<ITokenAttribution>? attributions = null,
        IReadOnlyList<double>? bins = null,
        int? maxExamples = null,
        int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var ids = examples.Select(e => (IReadOnlyList<int>)vocabulary.Encode(e.Text, maxLength)).ToArray();
        return Evaluate(model, ids, attributions, bins, maxExamples, batchSize, mode.PadLength(maxLength));
    }

    private static ITokenAttribution[] CheckAttributions(IReadOnlyList<ITokenAttribution> attributions)
    {
        if (attributions.Count == 0) throw new ArgumentException("at least one attribution is needed", nameof(attributions));
        if (attributions.Any(a => a is null)) throw new ArgumentException("an attribution is null", nameof(attributions));
        var repeated = attributions.GroupBy(a => a.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"'{g.Key}'").ToArray();
        if (repeated.Length > 0)
            throw new ArgumentException($"each attribution needs its own name for the report; repeated: {string.Join(", ", repeated)}", nameof(attributions));
        return [.. attributions];
    }

    /// <summary>An attribution's rankings, after checking it gave one score per token and no NaN.</summary>
    private static int[][] Rank(ITokenAttribution attribution, nn.Module<Tensor, SafrOutput> model, List<IReadOnlyList<int>> examples, int? padToLength)
    {
        var scores = attribution.Attribute(model, examples, padToLength);
        if (scores is null || scores.Length != examples.Count)
            throw new InvalidOperationException($"attribution '{attribution.Name}' returned {scores?.Length.ToString() ?? "null"} score rows for {examples.Count} examples");
        var rankings = new int[scores.Length][];
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] is null || scores[i].Length != examples[i].Count)
                throw new InvalidOperationException($"attribution '{attribution.Name}' returned {scores[i]?.Length ?? 0} scores for example {i}'s {examples[i].Count} tokens");
            if (scores[i].Any(double.IsNaN)) throw new InvalidOperationException($"attribution '{attribution.Name}' returned a NaN score for example {i}");
            rankings[i] = TokenRankings.Descending(scores[i]);
        }
        return rankings;
    }

    private static double[] CheckBins(IReadOnlyList<double> bins)
    {
        if (bins.Count == 0) throw new ArgumentException("at least one bin is needed", nameof(bins));
        foreach (var fraction in bins)
            if (!(fraction > 0 && fraction <= 1))
                throw new ArgumentException($"bins are fractions of the tokens in (0, 1], got {fraction}", nameof(bins));
        return [.. bins];
    }

    /// <summary>Runs the classifier over equal-length chunks and checks what it returns.</summary>
    private static double[][] Predict(Func<IReadOnlyList<int[]>, double[][]> classProbabilities, List<int[]> inputs, int batchSize)
    {
        var result = new double[inputs.Count][];
        var classes = -1;
        foreach (var chunk in TokenIdBatch.EqualLengthChunks(inputs, x => x.Length, batchSize))
        {
            var batch = chunk.Select(i => inputs[i]).ToArray();
            var rows = classProbabilities(batch);
            if (rows is null || rows.Length != batch.Length)
                throw new InvalidOperationException($"the classifier returned {rows?.Length.ToString() ?? "null"} rows for {batch.Length} inputs");
            for (var r = 0; r < rows.Length; r++)
            {
                var row = rows[r];
                if (row is null || row.Length == 0 || classes >= 0 && row.Length != classes)
                    throw new InvalidOperationException($"the classifier returned a row of {row?.Length ?? 0} class probabilities, expected {(classes >= 0 ? classes : "at least 1")}");
                classes = row.Length;
                result[chunk[r]] = row;
            }
        }
        return result;
    }

    private static int ArgMax(double[] values)
    {
        var best = 0;
        for (var c = 1; c < values.Length; c++)
            if (values[c] > values[best]) best = c;
        return best;
    }

    /// <summary>Token-id arrays compared by content, so identical perturbations are scored once.</summary>
    private sealed class SequenceComparer : IEqualityComparer<int[]>
    {
        public static readonly SequenceComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => ReferenceEquals(x, y) || x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] tokens)
        {
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tokens.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
