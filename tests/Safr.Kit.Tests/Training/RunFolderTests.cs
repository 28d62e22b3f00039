using Safr.Kit.Training;

namespace Safr.Kit.Tests.Training;

/// <summary>The one type that knows a run folder's layout.</summary>
[Collection("KitGlobalState")]
public class RunFolderTests
{
    [Fact]
    public void ATrainedRunIsLaidOutWhereTheRunFolderSaysAndResolvesToItsFinalModel()
    {
        using var folder = new TempFolder();
        var run = new RunFolder(Path.Combine(folder.Path, "run"));
        Assert.False(run.HoldsRun);
        using (var trainer = TinyRun.Trainer(TinyRun.Options() with { MaxEpochs = 2 }))
        {
            Assert.Equal(run.Path, run.Fit(trainer, TinyRun.Task.Dataset.Train, TinyRun.Task.Dataset.Dev).RunFolder);
            Assert.Null(trainer.Result().RunFolder);  // the trainer knows no folder; the run folder's result names it
        }
        Assert.True(run.HoldsRun);
        Assert.False(run.IsFinished);  // record.json comes from RunRecord.SaveTo
        Assert.Equal(run.EpochCheckpoint(2), run.LatestCheckpoint());
        Assert.True(File.Exists(Path.Combine(run.FinalModel, Checkpoint.ManifestFile)));
        Assert.Equal(run.FinalModel, RunFolder.ResolveModel(run.Path));
        Assert.Equal(run.EpochCheckpoint(2), RunFolder.ResolveModel(run.EpochCheckpoint(2)));
        Assert.Equal(run.Path, RunFolder.Containing(run.FinalModel)!.Path);
        Assert.Equal(run.Path, RunFolder.Containing(run.EpochCheckpoint(2))!.Path);
        Assert.Null(RunFolder.Containing(folder.Path));
    }

    [Fact]
    public void AnIncompleteCheckpointIsNotTheLatestAndAFolderWithoutAModelSaysWhatItLacks()
    {
        using var folder = new TempFolder();
        var run = new RunFolder(folder.Path);
        Directory.CreateDirectory(run.EpochCheckpoint(3));  // no manifest: a write that never finished
        Assert.Null(run.LatestCheckpoint());
        var e = Assert.Throws<InputException>(() => RunFolder.ResolveModel(run.Path));
        Assert.Contains("neither a run folder with a final model", e.Message);
    }
}
