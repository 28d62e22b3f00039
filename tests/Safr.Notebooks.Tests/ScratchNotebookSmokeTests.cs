namespace Safr.Notebooks.Tests;

/// <summary>
/// A notebook as a user starts one in VS Code: the feed by its absolute path (<c>#i</c>), the engine and the kit
/// (<c>#r</c>), a few lines on the kit's functions. Run by <c>safr notebooks run</c> with no --feed and no SAFR_FEED,
/// so the notebook's own <c>#i</c> line is what finds the package.
/// </summary>
[Collection(NotebookSmokeCollection.Name)]
[Trait("Category", NotebookSmokeCollection.Category)]
public sealed class ScratchNotebookSmokeTests(PackedKit kit)
{
    [Fact]
    public void AUsersNotebookFindsThePackedKitThroughItsOwnFeedLine()
    {
        var folder = kit.NewFolder("scratch");
        var path = new NotebookBuilder()
            .Code($"#i \"nuget: {kit.Feed}\"\n#r \"nuget: TorchSharp-cpu, 0.107.0\"\n#r \"nuget: Safr.Kit, *-*\"")
            .Code("""
                using Safr.Kit.Regularization;
                using static TorchSharp.torch;
                manual_seed(0);
                var x = randn(2, 5, 8);
                var attention = randn(2, 2, 5, 5).softmax(-1);
                $"L_imp {SafrRegularizer.ImportanceLoss(x).item<float>():F4}, L_inter {SafrRegularizer.InteractionLoss(attention).item<float>():F4}"
                """)
            .Code("Safr.Kit.Training.BuildInfo.KitVersion")
            .Save(folder, "scratch.ipynb");
        var output = Path.Combine(folder, "executed");

        var run = SafrCommand.Notebooks(["run", path, "--out", output], kit.Environment, TimeSpan.FromMinutes(10));
        PackedKit.Record("notebook scratch", run.Elapsed);
        Assert.True(run.ExitCode == 0, run.ToString());

        var notebook = CleanRun.AssertWrittenCleanly(Path.Combine(output, "scratch.ipynb"));
        Assert.Matches(@"^L_imp -?\d+\.\d{4}, L_inter -?\d+\.\d{4}$", notebook.Data(1, "text/plain"));
        Assert.Equal(kit.Version, notebook.Data(2, "text/plain"));   // the package just packed, not some other Safr.Kit
    }
}
