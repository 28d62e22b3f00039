using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

public class BatchIteratorTests
{
    private static readonly Vocabulary Vocab = Vocabulary.FromTokens(["w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9"]);

    /// <summary>Example i has (i % 9) + 1 tokens and label i % 2.</summary>
    private static List<TextExample> Examples(int count) =>
        Enumerable.Range(0, count).Select(i => new TextExample(string.Join(' ', Enumerable.Range(0, i % 9 + 1).Select(k => $"w{2 + (i + k) % 8}")), i % 2)).ToList();

    [Fact]
    public void FixedLengthPadsEveryBatchToMaxLength()
    {
        var examples = Examples(70);
        var batches = new BatchIterator(examples, Vocab, batchSize: 32, maxLength: 6, padding: PaddingMode.FixedLength, seed: 3);
        Assert.Equal(3, batches.Count);
        var seen = new List<int>();
        foreach (var batch in batches)
        {
            using (batch)
            {
                Assert.Equal(new long[] { batch.Size, 6 }, batch.InputIds.shape);
                Assert.Equal(new long[] { batch.Size }, batch.Labels.shape);
                Assert.Equal(new long[] { batch.Size, 6 }, batch.Mask.shape);
                Assert.Equal((ScalarType.Int64, ScalarType.Int64, ScalarType.Bool), (batch.InputIds.dtype, batch.Labels.dtype, batch.Mask.dtype));
                var ids = batch.InputIds.data<long>().ToArray();
                var mask = batch.Mask.data<bool>().ToArray();
                var labels = batch.Labels.data<long>().ToArray();
                for (var row = 0; row < batch.Size; row++)
                {
                    var index = batch.Indices[row];
                    var expected = Vocab.Encode(examples[index].Text, 6);
                    for (var k = 0; k < 6; k++)
                    {
                        Assert.Equal(k < expected.Length ? expected[k] : Vocabulary.PadId, ids[row * 6 + k]);
                        Assert.Equal(k < expected.Length, mask[row * 6 + k]);
                    }
                    Assert.Equal(examples[index].Label, labels[row]);
                }
                seen.AddRange(batch.Indices);
            }
        }
        Assert.Equal([32, 32, 6], batches.Plan(0).Select(b => b.Length));
        Assert.Equal(Enumerable.Range(0, 70), seen.Order()); // every example once, truncated to 6 tokens
    }

    [Fact]
    public void LongestInBatchPadsToTheLongestAndBucketsByLength()
    {
        var examples = Examples(200);
        var batches = new BatchIterator(examples, Vocab, batchSize: 10, maxLength: 128, padding: PaddingMode.LongestInBatch, seed: 5, bucketBatches: 5);
        var fixedPadding = 0L;
        var bucketedPadding = 0L;
        var seen = new List<int>();
        foreach (var batch in batches)
        {
            using (batch)
            {
                var lengths = batch.Indices.Select(i => batches.TokenIds(i).Count).ToArray();
                Assert.Equal(lengths.Max(), batch.Length);
                Assert.Equal(lengths.Sum(), batch.Mask.@long().sum().item<long>());
                bucketedPadding += batch.Size * batch.Length - lengths.Sum();
                fixedPadding += batch.Size * 9 - lengths.Sum();
                seen.AddRange(batch.Indices);
            }
        }
        Assert.Equal(Enumerable.Range(0, 200), seen.Order());
        // Sorting within chunks of 50 examples leaves far less padding than random batches padded to their longest (9).
        Assert.True(bucketedPadding * 4 < fixedPadding, $"bucketed padding {bucketedPadding} vs {fixedPadding}");
    }

    [Fact]
    public void ATokenBudgetCutsLengthOrderedBatchesThatPadNoMoreThanIt()
    {
        var examples = Examples(200);  // 1 to 9 tokens, about 22 texts of each length
        var batches = new BatchIterator(examples, Vocab, batchSize: 16, maxLength: 128, padding: PaddingMode.LongestInBatch, shuffle: false,
            tokenBudget: 40);
        var plan = batches.Plan(0);
        Assert.Equal(plan.Count, batches.Count);
        Assert.Equal(Enumerable.Range(0, 200), plan.SelectMany(b => b).Order());  // every text once
        int Longest(int[] batch) => batch.Max(i => batches.TokenIds(i).Count);
        Assert.All(plan, b => Assert.True(b.Length <= 16 && b.Length * Longest(b) <= 40, $"{b.Length} texts padded to {Longest(b)}"));
        // Short texts come in full batches, long ones in smaller: one-token texts 16 a batch, nine-token texts 4 (40 / 9).
        Assert.Equal(16, plan[0].Length);
        Assert.Equal(4, plan.Where(b => Longest(b) == 9).Max(b => b.Length));
        Assert.Equal(plan.Select(Longest).Order(), plan.Select(Longest));  // in length order

        var fixedLength = new BatchIterator(examples, Vocab, batchSize: 16, maxLength: 6, padding: PaddingMode.FixedLength, shuffle: false, tokenBudget: 40);
        var fixedPlan = fixedLength.Plan(0);
        Assert.Equal(34, fixedPlan.Count);  // 200 texts, 6 a batch
        Assert.All(fixedPlan.SkipLast(1), b => Assert.Equal(6, b.Length));  // 40 / 6 texts of 6 positions
        var huge = new BatchIterator(examples, Vocab, batchSize: 16, maxLength: 128, padding: PaddingMode.LongestInBatch, shuffle: false, tokenBudget: 3);
        Assert.Single(huge.Plan(0)[^1]);  // a text longer than the budget still gets a batch of its own
    }

    [Fact]
    public void ATokenBudgetIsForEvaluationOnly()
    {
        var error = Assert.Throws<ArgumentException>(() => new BatchIterator(Examples(10), Vocab, shuffle: true, tokenBudget: 100));
        Assert.Equal("tokenBudget", error.ParamName);
        Assert.Equal("tokenBudget", Assert.Throws<ArgumentOutOfRangeException>(() => new BatchIterator(Examples(10), Vocab, shuffle: false, tokenBudget: 0)).ParamName);
    }

    [Fact]
    public void SameSeedSameOrderEpochsDifferAndEpochsReplay()
    {
        var examples = Examples(100);
        foreach (var mode in new[] { PaddingMode.FixedLength, PaddingMode.LongestInBatch })
        {
            var a = new BatchIterator(examples, Vocab, batchSize: 8, maxLength: 16, padding: mode, seed: 42, bucketBatches: 3);
            var b = new BatchIterator(examples, Vocab, batchSize: 8, maxLength: 16, padding: mode, seed: 42, bucketBatches: 3);
            var other = new BatchIterator(examples, Vocab, batchSize: 8, maxLength: 16, padding: mode, seed: 43, bucketBatches: 3);
            Assert.Equal(a.Plan(0), b.Plan(0));
            Assert.Equal(a.Plan(1), b.Plan(1));
            Assert.NotEqual(a.Plan(0), a.Plan(1));
            Assert.NotEqual(a.Plan(0), other.Plan(0));

            // foreach runs epoch 0, then epoch 1; Epoch(0) replays the first.
            var first = a.Select(Indices).ToList();
            var second = a.Select(Indices).ToList();
            Assert.Equal(2, a.NextEpoch);
            Assert.Equal(a.Plan(0), first);
            Assert.Equal(a.Plan(1), second);
            Assert.Equal(first, a.Epoch(0).Select(Indices).ToList());

            // The tensors agree too, not only the indices.
            using var x = b.Epoch(1).First();
            using var y = a.Epoch(1).First();
            Assert.Equal(x.InputIds.data<long>().ToArray(), y.InputIds.data<long>().ToArray());
        }
    }

    [Fact]
    public void WithoutShuffleTheOrderIsTheInputOrder()
    {
        var batches = new BatchIterator(Examples(10), Vocab, batchSize: 4, shuffle: false);
        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]], batches.Plan(0));
        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7]], new BatchIterator(Examples(10), Vocab, batchSize: 4, shuffle: false, dropLast: true).Plan(0));
    }

    [Fact]
    public void BatchesAreMadeLazilyAndDisposeTheirTensors()
    {
        var batches = new BatchIterator(Examples(64), Vocab, batchSize: 8, maxLength: 4);
        using var scope = torch.NewDisposeScope();
        Batch firstBatch;
        using (var e = batches.GetEnumerator())
        {
            Assert.Equal(0, scope.DisposablesCount);
            Assert.True(e.MoveNext());
            firstBatch = e.Current;
            Assert.Equal(3, scope.DisposablesCount); // one batch made, not eight
        }
        firstBatch.Dispose();
        Assert.True(firstBatch.InputIds.IsInvalid && firstBatch.Labels.IsInvalid && firstBatch.Mask.IsInvalid);
        Assert.Equal(0, scope.DisposablesCount);
    }

    [Fact]
    public void UnlabelledExamplesKeepLabelMinusOne()
    {
        using var batch = new BatchIterator([new TextExample("w2 w3", TextExample.Unlabeled)], Vocab, batchSize: 4, maxLength: 3, shuffle: false).First();
        Assert.Equal([-1L], batch.Labels.data<long>().ToArray());
        Assert.Equal([2L, 3, 0], batch.InputIds.data<long>().ToArray());
    }

    [FullDataFact("sst2/train.tsv")]
    public void RealSst2TrainInPaperMode()
    {
        var train = Sst2Reader.Read(FullData.File("sst2/train.tsv"));
        var vocab = Vocabulary.Build(train);
        var batches = new BatchIterator(train, vocab, batchSize: 32, maxLength: 128, padding: PaddingMode.FixedLength, seed: 1);
        Assert.Equal(217, batches.Count); // 6,920 = 216 x 32 + 8
        var plan = batches.Plan(0);
        Assert.Equal(8, plan[^1].Length);
        using var batch = batches.MakeBatch(plan[0]);
        Assert.Equal(new long[] { 32, 128 }, batch.InputIds.shape);
    }

    private static int[] Indices(Batch batch)
    {
        using (batch) return [.. batch.Indices];
    }
}
