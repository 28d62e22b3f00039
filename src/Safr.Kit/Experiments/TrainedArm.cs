using Safr.Kit.Training;

namespace Safr.Kit.Experiments;

/// <summary>An arm after training: its trainer (model, vocabulary, options) and how training went. Disposing frees the model.</summary>
public sealed record TrainedArm(ExperimentArm Arm, SafrTrainer Trainer, TrainingResult Training) : IDisposable
{
    public void Dispose()
    {
        Trainer.Model.Dispose();
        Trainer.Dispose();
    }
}
