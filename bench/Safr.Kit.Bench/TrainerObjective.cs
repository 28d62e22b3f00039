using Safr.Kit;
using Safr.Kit.Regularization;
using Safr.Kit.Training;

/// <summary>The objective the trainer builds for a run of this mode at max length 128 (fast mode weighs L_imp by it), for the bench's steps.</summary>
internal static class TrainerObjective
{
    public static SafrObjective Of(RunMode mode, double lambdaImportance = 1, double lambdaInteraction = 1) =>
        new TrainingOptions { Mode = mode, LambdaImportance = lambdaImportance, LambdaInteraction = lambdaInteraction, MaxLength = 128 }.Objective(epoch: 1);
}
