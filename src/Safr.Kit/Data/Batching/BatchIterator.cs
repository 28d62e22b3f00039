using System.Collections;
using static TorchSharp.torch;

namespace Safr.Kit.Data;

/// <summary>
/// Turns examples into batches, lazily: texts are encoded once (cut to <c>maxLength</c> tokens), and each
/// batch's tensors are made only when the enumeration reaches it. Each pass over the iterator is one
/// epoch; epoch e's order depends only on (seed, e), so two iterators with the same seed give the same
/// batches in the same order. <see cref="Epoch"/> replays any epoch.
/// <code>
/// var batches = new BatchIterator(data.Train, vocab, batchSize: 32, maxLength: 128, seed: 1);
/// foreach (var batch in batches) { using (batch) { ... } }
/// </code>
/// </summary>
public sealed class BatchIterator : IEnumerable<Batch>
{
    /// <summary>The kit's evaluation batches: at most this many padded positions each (see <see cref="TokenBudget"/>).</summary>
    public const int EvaluationTokenBudget = 8192;

    private readonly IReadOnlyList<TextExample> _examples;
    private readonly int[][] _ids;
    private int _nextEpoch;

    public BatchIterator(
        IReadOnlyList<TextExample> examples,
        Vocabulary vocabulary,
        int batchSize = 32,
        int maxLength = 128,
        PaddingMode padding = PaddingMode.FixedLength,
        bool shuffle = true,
        int seed = 0,
        bool dropLast = false,
        int bucketBatches = 100,
        Device? device = null,
        int? tokenBudget = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketBatches, 1);
        if (tokenBudget < 1) throw new ArgumentOutOfRangeException(nameof(tokenBudget), tokenBudget, "a batch's token budget must be at least 1");
        if (tokenBudget is not null && shuffle)
            throw new ArgumentException("a token budget is for evaluation: its batches are cut in length order, which training must not see", nameof(tokenBudget));
        _examples = examples;
        Vocabulary = vocabulary;
        BatchSize = batchSize;
        MaxLength = maxLength;
        Padding = padding;
        Shuffle = shuffle;
        Seed = seed;
        DropLast = dropLast;
        BucketBatches = bucketBatches;
        Device = device;
        TokenBudget = tokenBudget;
        _ids = new int[examples.Count][];
        for (var i = 0; i < examples.Count; i++) _ids[i] = vocabulary.Encode(examples[i].Text, maxLength);
    }

    public Vocabulary Vocabulary { get; }

    public int BatchSize { get; }

    /// <summary>Texts are cut to their first MaxLength tokens; <see cref="PaddingMode.FixedLength"/> pads every batch to it.</summary>
    public int MaxLength { get; }

    public PaddingMode Padding { get; }

    public bool Shuffle { get; }

    public int Seed { get; }

    /// <summary>Leave out the last, smaller batch.</summary>
    public bool DropLast { get; }

    /// <summary><see cref="PaddingMode.LongestInBatch"/>: examples are sorted by length within chunks of this many batches.</summary>
    public int BucketBatches { get; }

    /// <summary>Where the tensors are made (default: the CPU).</summary>
    public Device? Device { get; }

    /// <summary>
    /// At most this many padded positions (texts x padded length) a batch, and at most <see cref="BatchSize"/> texts: for
    /// evaluation (shuffle off), where the texts are taken in length order. Long texts then come in smaller batches and short
    /// ones in full ones (measured: 256-token IMDB-like texts score 20 % faster 32 a batch than 128 a batch, whose
    /// attention maps, 268 MB each, outgrow the caches). Null: every batch holds <see cref="BatchSize"/> texts.
    /// </summary>
    public int? TokenBudget { get; }

    /// <summary>Batches per epoch.</summary>
    public int Count => TokenBudget is null
        ? DropLast ? _examples.Count / BatchSize : (_examples.Count + BatchSize - 1) / BatchSize
        : (_budgetedCount ??= Plan(0).Count);

    private int? _budgetedCount;

    /// <summary>The epoch the next <c>foreach</c> will run (0 first; each enumeration started advances it).</summary>
    public int NextEpoch => _nextEpoch;

    /// <summary>The token ids of example <paramref name="index"/> (cut to <see cref="MaxLength"/>, unpadded).</summary>
    public IReadOnlyList<int> TokenIds(int index) => _ids[index];

    /// <summary>Each batch's example indices for <paramref name="epoch"/>, without making tensors.</summary>
    public IReadOnlyList<int[]> Plan(int epoch)
    {
        var order = Enumerable.Range(0, _examples.Count).ToArray();
        var random = new Random(EpochSeed(Seed, epoch));
        if (Shuffle) StratifiedSplit.Shuffle(order, random);
        if (TokenBudget is { } budget) return CutByTokens(order, budget);
        var batches = new List<int[]>(Count);
        if (Padding == PaddingMode.FixedLength)
        {
            Cut(order, batches);
            return batches;
        }
        // Bucketing: sort by length inside chunks (stable, so ties keep the shuffled order), cut the
        // chunk into batches of similar lengths, then shuffle the batches so lengths do not trend.
        var chunk = BatchSize * BucketBatches;
        for (var start = 0; start < order.Length; start += chunk)
        {
            var part = order.AsSpan(start, Math.Min(chunk, order.Length - start)).ToArray();
            var sorted = part.OrderBy(i => _ids[i].Length).ToArray();
            Array.Copy(sorted, 0, order, start, sorted.Length);
        }
        Cut(order, batches);
        if (Shuffle)
        {
            var array = batches.ToArray();
            StratifiedSplit.Shuffle(array, random);
            return array;
        }
        return batches;
    }

    /// <summary>The batches of <paramref name="epoch"/>, made one at a time as they are enumerated.</summary>
    public IEnumerable<Batch> Epoch(int epoch)
    {
        foreach (var indices in Plan(epoch)) yield return MakeBatch(indices);
    }

    /// <summary>The next epoch's batches (see <see cref="NextEpoch"/>).</summary>
    public IEnumerator<Batch> GetEnumerator() => Epoch(_nextEpoch++).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Builds the tensors for the given examples.</summary>
    public Batch MakeBatch(IReadOnlyList<int> indices)
    {
        var b = indices.Count;
        var length = Padding == PaddingMode.FixedLength ? MaxLength : Math.Max(1, indices.Max(i => _ids[i].Length));
        var ids = new long[b * length];
        var mask = new bool[b * length];
        var labels = new long[b];
        for (var row = 0; row < b; row++)
        {
            var tokens = _ids[indices[row]];
            for (var k = 0; k < tokens.Length; k++)
            {
                ids[row * length + k] = tokens[k];
                mask[row * length + k] = true;
            }
            // Padding ids are Vocabulary.PadId = 0, which the arrays already hold.
            labels[row] = _examples[indices[row]].Label;
        }
        return new Batch(
            tensor(ids, [b, length], device: Device),
            tensor(labels, [b], device: Device),
            tensor(mask, [b, length], device: Device),
            indices.ToArray());
    }

    /// <summary>The texts in length order (stable), cut greedily so no batch pads more than <paramref name="budget"/> positions.</summary>
    private List<int[]> CutByTokens(int[] order, int budget)
    {
        var sorted = Padding == PaddingMode.FixedLength ? order : order.OrderBy(i => _ids[i].Length).ToArray();
        var batches = new List<int[]>();
        var start = 0;
        while (start < sorted.Length)
        {
            var end = start + 1;  // one text at least, however long
            while (end < sorted.Length && end - start < BatchSize && (end - start + 1) * PaddedLength(sorted[end]) <= budget) end++;
            if (end - start < BatchSize && DropLast && end == sorted.Length) break;
            batches.Add(sorted[start..end]);
            start = end;
        }
        return batches;
    }

    /// <summary>The length a batch pads to when <paramref name="index"/> is its longest text.</summary>
    private int PaddedLength(int index) => Padding == PaddingMode.FixedLength ? MaxLength : Math.Max(1, _ids[index].Length);

    private void Cut(int[] order, List<int[]> batches)
    {
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            var size = Math.Min(BatchSize, order.Length - start);
            if (size < BatchSize && DropLast) break;
            batches.Add(order.AsSpan(start, size).ToArray());
        }
    }

    /// <summary>Mixes seed and epoch into one seed (SplitMix64's finalizer), so nearby pairs give unrelated orders.</summary>
    internal static int EpochSeed(int seed, int epoch)
    {
        var z = unchecked(((ulong)(uint)seed << 32) | (uint)epoch) + 0x9E3779B97F4A7C15UL;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(uint)(z ^ (z >> 31));
    }
}
