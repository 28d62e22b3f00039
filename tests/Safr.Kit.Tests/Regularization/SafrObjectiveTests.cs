using Safr.Kit.Model;
using Safr.Kit.Parity;
using Safr.Kit.Regularization;
using Safr.Kit.Tests.Model;
using Safr.Kit.Tests.Training;
using Safr.Kit.Training;

namespace Safr.Kit.Tests.Regularization;

/// <summary>The one objective: each term weighted by its own lambda, checked against the release's numbers; the run mode's masking.</summary>
[Collection("KitGlobalState")]
public class SafrObjectiveTests
{
    [Fact]
    public void AsymmetricLambdasWeighTheReleasesOwnTermsOnTheFixtureModel()
    {
        using var fixture = ReleaseModelFixture.Load(Checkout.OfficialFixtures, ScalarType.Float64);
        using var loss = new SafrObjective(LambdaImportance: 0.3, LambdaInteraction: 2, RunMode.Paper)
            .Compute(fixture.Model.call(fixture.InputIds), fixture.Labels);
        var (ce, imp, inter) = (fixture.ReleaseValue("ce_loss"), fixture.ReleaseValue("polysemanticity_loss"), fixture.ReleaseValue("interference_loss"));
        Assert.Equal(ce, loss.CrossEntropy.item<double>(), 1e-12);
        Assert.Equal(imp, loss.Importance.item<double>(), 1e-12);
        Assert.Equal(inter, loss.Interaction.item<double>(), 1e-12);
        // Swapping the lambdas would give ce + 2 imp + 0.3 inter: a different number, since imp != inter here.
        Assert.True(Math.Abs(imp - inter) > 1e-3, "the fixture's two terms must differ for this test to tell the lambdas apart");
        Assert.Equal(ce + 0.3 * imp + 2 * inter, loss.Total.item<double>(), 1e-12);
        Assert.Null(loss.VmaskInformation);
    }

    [Fact]
    public void TheGradientOfTheTotalIsTheLambdaWeightedSumOfTheTermsGradients()
    {
        using var fixture = ReleaseModelFixture.Load(Checkout.OfficialFixtures, ScalarType.Float64);
        var model = fixture.Model;
        var weight = model.get_parameter("embedding.weight")!;
        Tensor Gradient(SafrObjective objective, Func<SafrLoss, Tensor> pick)
        {
            model.zero_grad();
            using var loss = objective.Compute(model.call(fixture.InputIds), fixture.Labels);
            pick(loss).backward();
            return weight.grad!.clone();
        }
        var both = new SafrObjective(0.3, 2);
        var total = Gradient(both, l => l.Total);
        var ce = Gradient(both, l => l.CrossEntropy);
        var imp = Gradient(both, l => l.Importance);
        var inter = Gradient(both, l => l.Interaction);
        Assert.True((total - (ce + 0.3 * imp + 2 * inter)).abs().max().item<double>() < 1e-12);
        Assert.True(imp.abs().max().item<double>() > 1e-6 && inter.abs().max().item<double>() > 1e-6);
    }

    [Fact]
    public void AZeroLambdaTermIsReportedButKeptOutOfTheGraph()
    {
        using var fixture = ReleaseModelFixture.Load(Checkout.OfficialFixtures, ScalarType.Float64);
        using var loss = new SafrObjective(0, 2).Compute(fixture.Model.call(fixture.InputIds), fixture.Labels);
        Assert.False(loss.Importance.requires_grad);
        Assert.True(loss.Interaction.requires_grad);
        Assert.Equal(fixture.ReleaseValue("polysemanticity_loss"), loss.Importance.item<double>(), 1e-12);
        Assert.Equal(fixture.ReleaseValue("ce_loss") + 2 * fixture.ReleaseValue("interference_loss"), loss.Total.item<double>(), 1e-12);
    }

    [Fact]
    public void BetaAddsVmasksInformationTerm()
    {
        using var fixture = ReleaseModelFixture.Load(Checkout.OfficialFixtures, ScalarType.Float64);
        var output = fixture.Model.call(fixture.InputIds);
        using var loss = new SafrObjective(1, 1, VmaskBeta: 0.5).Compute(output, fixture.Labels);
        var information = Vmask.InformationLoss(output.VmaskLogits!).item<double>();
        Assert.Equal(information, loss.VmaskInformation!.item<double>(), 1e-15);
        Assert.Equal(fixture.ReleaseValue("total_loss") + 0.5 * information, loss.Total.item<double>(), 1e-12);
    }

    [Fact]
    public void FastModeAveragesImportanceOverRealTokensSoExtraPaddingChangesNothing()
    {
        using var model = TinyModel.Create(pooling: RunMode.Fast.Pooling(), dtype: ScalarType.Float64);
        model.eval();
        int[][] rows = [[3, 4, 5], [6, 7, 8, 9, 10]];
        double Importance(RunMode mode, int length)
        {
            using var batch = TinyModel.Batch(length, rows);
            using var loss = new SafrObjective(1, 1, mode).Compute(model.call(batch.InputIds), batch.Labels);
            return loss.Importance.item<double>();
        }
        // Fast: L_imp over real tokens. Each token's P_l still sees the padding rows (nonzero embeddings), so
        // compare against the mean of P_l over real positions computed by hand at each width.
        foreach (var length in new[] { 5, 8 })
        {
            using var batch = TinyModel.Batch(length, rows);
            var output = model.call(batch.InputIds);
            var p = SafrRegularizer.TokenPolysemanticity(output.MaskedEmbeddings);
            var real = batch.Mask.to(ScalarType.Float64);
            Assert.Equal(((p * real).sum() / real.sum()).item<double>(), Importance(RunMode.Fast, length), 1e-12);
            Assert.Equal(p.mean().item<double>(), Importance(RunMode.Paper, length), 1e-12);
        }
        Assert.NotEqual(Importance(RunMode.Paper, 5), Importance(RunMode.Paper, 8), 6);
    }

    [Fact]
    public void FastModeWithAPaddedLengthWeighsImportanceAsTheReleaseAndTheTrainerGivesItTheMaxLength()
    {
        using var model = TinyModel.Create(pooling: RunMode.Fast.Pooling(), dtype: ScalarType.Float64);
        model.eval();
        using var batch = TinyModel.Batch(5, [[3, 4, 5], [6, 7, 8, 9, 10]]);
        var output = model.call(batch.InputIds);
        var p = SafrRegularizer.TokenPolysemanticity(output.MaskedEmbeddings);
        var realSum = (p * batch.Mask.to(ScalarType.Float64)).sum().item<double>();
        using var weighed = new SafrObjective(1, 1, RunMode.Fast, PaddedLength: 10).Compute(output, batch.Labels);
        Assert.Equal(realSum / (2 * 10), weighed.Importance.item<double>(), 12);  // B x PaddedLength positions
        using var mean = new SafrObjective(1, 1, RunMode.Fast).Compute(output, batch.Labels);
        Assert.Equal(realSum / 8, mean.Importance.item<double>(), 12);  // the 8 real tokens
        using var paper = new SafrObjective(1, 1, RunMode.Paper, PaddedLength: 10).Compute(output, batch.Labels);
        Assert.Equal(p.mean().item<double>(), paper.Importance.item<double>(), 12);  // paper mode ignores it

        var options = new TrainingOptions { Mode = RunMode.Fast, MaxLength = 37 };
        Assert.Equal(37, options.Objective(1).PaddedLength);
        Assert.Contains("PaddedLength", Assert.Throws<ArgumentException>(() => new SafrObjective(PaddedLength: 0).Validate()).Message);
    }

    [Fact]
    public void NegativeOrNonFiniteWeightsAreRefusedByName()
    {
        Assert.Contains("LambdaInteraction", Assert.Throws<ArgumentException>(() => new SafrObjective(1, -1).Validate()).Message);
        Assert.Contains("VmaskBeta", Assert.Throws<ArgumentException>(() => new SafrObjective(1, 1, VmaskBeta: double.NaN).Validate()).Message);
    }

    [Fact]
    public void TheTrainerMinimisesTheObjectiveWithItsOwnLambdas()
    {
        // Each epoch record averages the per-step terms, so with lambdas 0.3 and 2 its loss is exactly
        // CE + 0.3 L_imp + 2 L_inter of those averages; swapped lambdas would not be.
        using var trainer = TinyRun.Trainer(TinyRun.Options() with { LambdaImportance = 0.3, LambdaInteraction = 2, MaxEpochs = 2 });
        var result = trainer.Fit(TinyRun.Task.Dataset.Train, TinyRun.Task.Dataset.Dev);
        Assert.All(result.History, h =>
        {
            Assert.True(Math.Abs(h.Importance - h.Interaction) > 1e-3);
            Assert.Equal(h.CrossEntropy + 0.3 * h.Importance + 2 * h.Interaction, h.Loss, 1e-5);
        });
    }
}

/// <summary>VMASK's information term in training, reached through TrainingOptions.VmaskBeta (the CLI's --vmask-beta).</summary>
[Collection("KitGlobalState")]
public class VmaskBetaTrainingTests
{
    [Fact]
    public void WithBetaTheEpochLossAddsBetaTimesTheInformationTermAndWithoutItDoesNot()
    {
        // The information term is mean(sum p log p) over {drop, keep}: in [-ln 2, 0], and 0 only for certain masks.
        var options = TinyRun.Options() with { LambdaImportance = 0, LambdaInteraction = 0, MaxEpochs = 2 };
        using var plain = TinyRun.Trainer(options);
        Assert.All(plain.Fit(TinyRun.Task.Dataset.Train, TinyRun.Task.Dataset.Dev).History, h => Assert.Equal(h.CrossEntropy, h.Loss, 1e-6));
        using var annealed = TinyRun.Trainer(options with { VmaskBeta = new VmaskBetaSchedule(0.5) });
        Assert.All(annealed.Fit(TinyRun.Task.Dataset.Train, TinyRun.Task.Dataset.Dev).History, h =>
        {
            var extra = h.Loss - h.CrossEntropy;
            Assert.InRange(extra, -0.5 * Math.Log(2) - 1e-6, -1e-4);
        });
    }

    [Fact]
    public void ANegativeBetaIsRefusedByName() =>
        Assert.Contains("VmaskBeta", Assert.Throws<ArgumentException>(() => (TinyRun.Options() with { VmaskBeta = new VmaskBetaSchedule(-1) }).Validate()).Message);
}
