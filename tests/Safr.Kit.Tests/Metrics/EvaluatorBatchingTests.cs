using Safr.Kit.Data;
using Safr.Kit.Metrics;
using Safr.Kit.Model;
using Safr.Kit.Tests.Model;

namespace Safr.Kit.Tests.Metrics;

/// <summary>The evaluator's token budget changes no number: it applies to paper mode's fixed-length batches only.</summary>
[Collection("KitGlobalState")]
public class EvaluatorBatchingTests
{
    private static readonly TextExample[] Examples = Enumerable.Range(0, 24)
        .Select(i => new TextExample(string.Join(' ', Enumerable.Range(0, 1 + i % 7).Select(k => TinyModel.Words[(i + k) % TinyModel.Words.Length])), i % 2))
        .ToArray();

    [Fact]
    public void InPaperModeABudgetGivesTheScoresOfFixedCountBatches()
    {
        using var model = TinyModel.Create(dtype: ScalarType.Float64);
        var fixedCount = Evaluator.Evaluate(model, TinyModel.Vocabulary, Examples, RunMode.Paper, maxLength: 8, faithfulnessExamples: 0, batchSize: 24, tokenBudget: null);
        var budgeted = Evaluator.Evaluate(model, TinyModel.Vocabulary, Examples, RunMode.Paper, maxLength: 8, faithfulnessExamples: 0, batchSize: 24, tokenBudget: 40);
        Assert.Equal(1, fixedCount.Interaction.Batches);
        Assert.Equal(5, budgeted.Interaction.Batches);  // 40 positions: 5 texts of 8 a batch
        Assert.Equal(fixedCount.Accuracy, budgeted.Accuracy);
        Assert.Equal(fixedCount.Interaction.Value, budgeted.Interaction.Value, 12);
        Assert.Equal(fixedCount.Polysemanticity.Important, budgeted.Polysemanticity.Important, 12);
        Assert.Equal(fixedCount.Polysemanticity.Other, budgeted.Polysemanticity.Other, 12);
    }

    [Fact]
    public void InFastModeBatchesKeepTheirCountSinceLInterAveragesOverPadding()
    {
        using var model = TinyModel.Create(pooling: Pooling.MaskedMean, dtype: ScalarType.Float64);
        var budgeted = Evaluator.Evaluate(model, TinyModel.Vocabulary, Examples, RunMode.Fast, maxLength: 8, faithfulnessExamples: 0, batchSize: 12, tokenBudget: 20);
        Assert.Equal(2, budgeted.Interaction.Batches);
    }
}
