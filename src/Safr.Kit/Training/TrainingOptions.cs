using System.Text.Json.Serialization;
using Safr.Kit.Data;
using Safr.Kit.Model;
using Safr.Kit.Regularization;

namespace Safr.Kit.Training;

/// <summary>
/// How <see cref="SafrTrainer"/> trains. The defaults are the release's: batch 32, Adam with learning rate
/// 1e-4, up to 100 epochs, patience 3 on dev accuracy, the paper's run mode (batches padded to the fixed max length); both lambdas
/// are 0 (the baseline). Set <see cref="LambdaImportance"/> and <see cref="LambdaInteraction"/> to 1 for SAFR.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>lambda_imp, the weight of L_imp (polysemanticity of the VMASK-masked embeddings).</summary>
    public double LambdaImportance { get; init; }

    /// <summary>lambda_inter, the weight of L_inter (attention towards correlated pairs).</summary>
    public double LambdaInteraction { get; init; }

    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 1e-4;

    public int MaxEpochs { get; init; } = 100;

    /// <summary>Stop after this many epochs in a row without a better dev accuracy (strictly greater, as released).</summary>
    public int Patience { get; init; } = 3;

    /// <summary>Seeds the model's initialisation (<see cref="SafrTrainer.CreateModel"/>), the batch order, dropout and VMASK's Gumbel noise.</summary>
    public int Seed { get; init; }

    /// <summary>Texts are cut to this many tokens (the release: 128 for SST-2 and AG News, 256 for IMDB).</summary>
    public int MaxLength { get; init; } = 128;

    /// <summary>
    /// <see cref="RunMode.Paper"/> (the default) pads every batch to <see cref="MaxLength"/> as released;
    /// <see cref="RunMode.Fast"/> pads each batch to its longest text with length bucketing, and needs a model built
    /// for it (<see cref="RunModeModels.ModelConfig"/>). The mode also decides how L_imp averages (<see cref="Objective"/>).
    /// </summary>
    public RunMode Mode { get; init; } = RunMode.Paper;

    /// <summary>How batches are padded: <see cref="Mode"/>'s padding.</summary>
    [JsonIgnore]
    public PaddingMode Padding => Mode.Padding();

    /// <summary>Reads manifests written before <see cref="Mode"/> existed, whose "padding": "LongestInBatch" was the fast mode.</summary>
    [JsonInclude, JsonPropertyName("padding"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    private PaddingMode? LegacyPadding
    {
        get => null;
        init
        {
            if (value == PaddingMode.LongestInBatch) Mode = RunMode.Fast;
        }
    }

    /// <summary>
    /// The release's keep-last behaviour: its best_model_state is a live reference to model.state_dict(),
    /// so the weights it tests are the last epoch's. False (the default) restores a real copy of the
    /// state with the best dev accuracy.
    /// </summary>
    public bool PaperCompatible { get; init; }

    /// <summary>The dtype of the model's matrix products while it trains and is scored (<see cref="Model.Precision"/>): the
    /// trainer sets it on the model. <see cref="Precision.Bf16"/> needs a float32 model.</summary>
    public Precision Precision { get; init; } = Precision.Fp32;

    /// <summary>Adds beta * VMASK's information loss with this schedule (VMASK's own objective); null (default) as in the SAFR release.</summary>
    public VmaskBetaSchedule? VmaskBeta { get; init; }

    /// <summary>At most this many texts a dev or test batch (it changes no result, only speed and memory).</summary>
    public int EvaluationBatchSize { get; init; } = 128;

    /// <summary>At most this many padded positions a batch of the trainer's dev (and <see cref="SafrTrainer.Evaluate"/>) accuracy passes,
    /// texts in length order (<see cref="BatchIterator.TokenBudget"/>; accuracy does not depend on the batching, so it changes
    /// no result, only speed and memory); null: <see cref="EvaluationBatchSize"/> texts a batch.</summary>
    public int? EvaluationTokenBudget { get; init; } = BatchIterator.EvaluationTokenBudget;

    /// <summary>The dataset's name, recorded in checkpoints so `safr evaluate` can find its test split.</summary>
    public string? Dataset { get; init; }

    /// <summary>For SST-2, which source its data came from (<see cref="DatasetOptions.Sst2Source"/>), recorded so `safr evaluate` loads the same.</summary>
    public Sst2Source? Sst2Source { get; init; }

    /// <summary>
    /// The objective of epoch <paramref name="epoch"/> (1-based): the lambdas, the mode, beta from its schedule, and
    /// <see cref="MaxLength"/> as the padded length, so that fast mode weighs L_imp as paper mode does.
    /// </summary>
    public SafrObjective Objective(int epoch) => new(LambdaImportance, LambdaInteraction, Mode, VmaskBeta?.BetaAt(epoch) ?? 0, MaxLength);

    /// <summary>Throws an ArgumentException naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (BatchSize < 1) throw new ArgumentException($"BatchSize must be at least 1, got {BatchSize}", nameof(BatchSize));
        if (EvaluationBatchSize < 1) throw new ArgumentException($"EvaluationBatchSize must be at least 1, got {EvaluationBatchSize}", nameof(EvaluationBatchSize));
        if (EvaluationTokenBudget < 1) throw new ArgumentException($"EvaluationTokenBudget must be at least 1, got {EvaluationTokenBudget}", nameof(EvaluationTokenBudget));
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"LearningRate must be positive, got {LearningRate}", nameof(LearningRate));
        if (MaxEpochs < 1) throw new ArgumentException($"MaxEpochs must be at least 1, got {MaxEpochs}", nameof(MaxEpochs));
        if (Patience < 1) throw new ArgumentException($"Patience must be at least 1, got {Patience}", nameof(Patience));
        if (MaxLength < 1) throw new ArgumentException($"MaxLength must be at least 1, got {MaxLength}", nameof(MaxLength));
        if (!double.IsFinite(LambdaImportance) || LambdaImportance < 0) throw new ArgumentException($"LambdaImportance must be a finite non-negative number, got {LambdaImportance}", nameof(LambdaImportance));
        if (VmaskBeta is not null && (!double.IsFinite(VmaskBeta.Start) || VmaskBeta.Start < 0)) throw new ArgumentException($"VmaskBeta.Start must be a finite non-negative number, got {VmaskBeta.Start}", nameof(VmaskBeta));
        if (VmaskBeta is not null && VmaskBeta.EveryEpochs < 1) throw new ArgumentException($"VmaskBeta.EveryEpochs must be at least 1, got {VmaskBeta.EveryEpochs}", nameof(VmaskBeta));
        if (!double.IsFinite(LambdaInteraction) || LambdaInteraction < 0) throw new ArgumentException($"LambdaInteraction must be a finite non-negative number, got {LambdaInteraction}", nameof(LambdaInteraction));
        if (!Enum.IsDefined(Mode)) throw new ArgumentException($"Mode {(int)Mode} is not a RunMode", nameof(Mode));
        if (Sst2Source is { } source && !Enum.IsDefined(source)) throw new ArgumentException($"Sst2Source {(int)source} is not an Sst2Source", nameof(Sst2Source));
    }
}
