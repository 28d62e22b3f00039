using Safr.Kit.Training;

namespace Safr.Kit.Runs;

/// <summary>A run after training: its spec, its trainer (model, vocabulary, options) and how training went. Disposing frees the model.</summary>
public sealed record TrainedArm(RunSpec Spec, SafrTrainer Trainer, TrainingResult Training) : IDisposable
{
    public string Name => Spec.DisplayName;

    public void Dispose()
    {
        Trainer.Model.Dispose();
        Trainer.Dispose();
    }
}
