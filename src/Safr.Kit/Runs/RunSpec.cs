using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Safr.Kit.Data;
using Safr.Kit.Model;
using Safr.Kit.Training;

namespace Safr.Kit.Runs;

/// <summary>
/// One run, described whole: the data (dataset or your own file, SST-2 source, fraction, tokenizer, max length), the
/// model and objective (run mode, lambda_imp, lambda_inter, VMASK beta, seed), the training (epochs, patience, batch size,
/// learning rate, device, paper-compatible) and the evaluation (faithfulness examples). The defaults are the paper's.
/// <c>safr train</c>'s flags, a notebook's <c>new RunSpec { ... }</c> and a sweep spec's JSON all bind to it
/// (<see cref="RunFields"/>), and it alone decides the training options, the model's config, the data sample and the
/// run folder's name, so the same run is the same run whichever way it was asked for.
/// <code>
/// var spec = new RunSpec { Dataset = "sst2", Mode = RunMode.Fast, LambdaImportance = 1, LambdaInteraction = 1, Seed = 2 };
/// spec.RunFolderName()   // "sst2-fast-imp1-inter1-seed2"
/// </code>
/// </summary>
public sealed record RunSpec
{
    /// <summary>JSON as run records and sweep specs write it: camelCase, enums as "fast", NaN allowed.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    // ---- data ----

    [RunField("dataset", "sst2, agnews, agnews-reduced or imdb (not with --data).")]
    public string Dataset { get; init; } = Datasets.Sst2;

    [RunField("data", "Your own data instead of a named dataset: a CSV, TSV or JSON Lines file of texts and labels (dev and test split off with a seed).")]
    public string? DataFile { get; init; }

    [RunField("dev-data", "With --data: dev examples from this file (same columns) instead of a seeded 10% of --data.")]
    public string? DevFile { get; init; }

    [RunField("test-data", "With --data: test examples from this file (same columns) instead of a seeded 10% of --data.")]
    public string? TestFile { get; init; }

    [RunField("text-column", "With --data: the column (or JSON field) that holds the texts.")]
    public string TextColumn { get; init; } = "text";

    [RunField("label-column", "With --data: the column (or JSON field) that holds the labels (class names or 0..C-1).")]
    public string LabelColumn { get; init; } = "label";

    [RunField("sst2-source", "SST-2 only: sentences (the Kim 2014 sentence files; where absent, the same split from Stanford's trees), trees, treebank (the raw treebank the release builds from) or glue. Default: sentences.")]
    public string? Sst2Source { get; init; }

    [RunField("data-fraction", "Train, dev and test on this seeded fraction of each split (seed 0, the same for every arm; 1 = all).")]
    public double DataFraction { get; init; } = 1;

    [RunField("tokenizer", "whitespace (the release's split) or gpt2 (GPT-2's BPE, offline); the vocabulary keeps the tokens train uses at least twice.")]
    public string Tokenizer { get; init; } = WhitespaceTokenizer.TokenizerName;

    [RunField("max-length", "Tokens per text (default: 256 for imdb, else 128, as released).")]
    public int? MaxLength { get; init; }

    // ---- model and objective ----

    [RunField("name", "The run's name in tables and figures (default: baseline, SAFR, importance only, interaction only, or impA-interB).")]
    public string? Name { get; init; }

    [RunField("mode", "paper: every batch padded to the max length, mean pooling and L_imp over all positions, as released; fast: each batch padded to its longest text, pooling and L_imp over real tokens only.")]
    public RunMode Mode { get; init; } = RunMode.Paper;

    [RunField("imp", "lambda_imp, the weight of L_imp (0: off).")]
    public double LambdaImportance { get; init; }

    [RunField("inter", "lambda_inter, the weight of L_inter (0: off).")]
    public double LambdaInteraction { get; init; }

    [RunField("vmask-beta", "beta, the weight of VMASK's information term, annealed as the VMASK release does (down 0.099 every 10 epochs); 0 is the SAFR release, which has none.")]
    public double VmaskBeta { get; init; }

    [RunField("precision", "fp32, or bf16: every matrix product of the model in bfloat16 while it trains and is scored (weights, optimizer, softmax, LayerNorm and losses stay float32), for CPUs with AVX512-BF16 or AMX and for GPUs.")]
    public Precision Precision { get; init; } = Precision.Fp32;

    [RunField("seed", "Seeds initialisation, batch order, dropout and VMASK noise.")]
    public int Seed { get; init; }

    /// <summary>The architecture, any vocabulary size, class count and length (they are set from the data); null: the released one.</summary>
    public SafrTransformerConfig? Architecture { get; init; }

    // ---- training ----

    [RunField("epochs", "Maximum epochs.")]
    public int Epochs { get; init; } = 100;

    [RunField("patience", "Stop after this many epochs without a better dev accuracy.")]
    public int Patience { get; init; } = 3;

    [RunField("batch-size", "Examples per training step.")]
    public int BatchSize { get; init; } = 32;

    [RunField("learning-rate", "Adam's learning rate.")]
    public double LearningRate { get; init; } = 1e-4;

    [RunField("device", "cpu or cuda (cuda:N).")]
    public string Device { get; init; } = "cpu";

    [RunField("paper-compatible", "Test the last epoch's weights, as the release does (its best state is a live reference).")]
    public bool PaperCompatible { get; init; }

    // ---- evaluation ----

    [RunField("faithfulness-examples", "Test examples ERASER's faithfulness scores (0 skips it).")]
    public int FaithfulnessExamples { get; init; } = 500;

    // ---- what the spec decides ----

    /// <summary>The dataset's name in folders and tables: <see cref="Dataset"/>, or your file's name without its extension.</summary>
    [JsonIgnore]
    public string DatasetName => DataFile is null ? Dataset : Path.GetFileNameWithoutExtension(DataFile);

    /// <summary>Tokens per text: <see cref="MaxLength"/>, or the release's (256 for IMDB, else 128).</summary>
    [JsonIgnore]
    public int EffectiveMaxLength => MaxLength ?? (DataFile is null && Dataset == Datasets.Imdb ? 256 : 128);

    /// <summary>The name tables and figures show: <see cref="Name"/>, or the ablation's names for its four configurations.</summary>
    [JsonIgnore]
    public string DisplayName => Name ?? (LambdaImportance, LambdaInteraction) switch
    {
        (0, 0) => "baseline",
        (1, 1) => "SAFR",
        (1, 0) => "importance only",
        (0, 1) => "interaction only",
        _ => string.Create(CultureInfo.InvariantCulture, $"imp{LambdaImportance:G}-inter{LambdaInteraction:G}"),
    };

    /// <summary>
    /// What makes runs seeds of one configuration: the spec without its seed, name and device. Summaries group by it,
    /// and a configuration's baseline is its <see cref="Baseline"/>.
    /// </summary>
    [JsonIgnore]
    public RunSpec Configuration => this with { Seed = 0, Name = null, Device = "cpu" };

    /// <summary>
    /// The fields that decide the data sample and its vocabulary (dataset or file, SST-2 source, fraction, tokenizer), the
    /// rest at their defaults: runs with equal ones share one <see cref="Experiment"/>.
    /// </summary>
    [JsonIgnore]
    public RunSpec DataFields => new()
    {
        Dataset = DatasetName, DataFile = DataFile, DevFile = DevFile, TestFile = TestFile, TextColumn = TextColumn, LabelColumn = LabelColumn,
        Sst2Source = Sst2Source, DataFraction = DataFraction, Tokenizer = Tokenizer,
    };

    /// <summary>This configuration without SAFR (both lambdas 0): what paired tests compare against.</summary>
    [JsonIgnore]
    public RunSpec Baseline => Configuration with { LambdaImportance = 0, LambdaInteraction = 0 };

    /// <summary>Whether both lambdas are 0.</summary>
    [JsonIgnore]
    public bool IsBaseline => LambdaImportance == 0 && LambdaInteraction == 0;

    /// <summary>The SST-2 source asked for (null: the sentence files, with the trees where they are absent).</summary>
    [JsonIgnore]
    public Sst2Source? Sst2SourceAsked => Sst2Source is null ? null : Sst2Sources.Parse(Sst2Source);

    /// <summary>
    /// The run folder's name: DATASET[-SOURCE]-MODE[-TOKENIZER][-bf16]-impA-interB-seedS, e.g. "sst2-fast-imp1-inter1-seed0"
    /// (the SST-2 source only when it is not the sentence files, the tokenizer only when it is not whitespace).
    /// </summary>
    public string RunFolderName()
    {
        var source = Sst2SourceAsked is { } s && s != Data.Sst2Source.SentenceFiles ? "-" + Sst2Sources.NameOf(s) : "";
        var tokens = Tokenizer == WhitespaceTokenizer.TokenizerName ? "" : "-" + Tokenizer;
        var precision = Precision == Precision.Fp32 ? "" : "-" + RunField.Format(Precision);
        return string.Create(CultureInfo.InvariantCulture,
            $"{DatasetName}{source}-{RunField.Format(Mode)}{tokens}{precision}-imp{LambdaImportance:G}-inter{LambdaInteraction:G}-seed{Seed}");
    }

    /// <summary>The trainer's options for this run.</summary>
    public TrainingOptions TrainingOptions() => new()
    {
        LambdaImportance = LambdaImportance,
        LambdaInteraction = LambdaInteraction,
        Seed = Seed,
        Mode = Mode,
        MaxEpochs = Epochs,
        Patience = Patience,
        MaxLength = EffectiveMaxLength,
        LearningRate = LearningRate,
        BatchSize = BatchSize,
        VmaskBeta = VmaskBeta == 0 ? null : new VmaskBetaSchedule(VmaskBeta),
        PaperCompatible = PaperCompatible,
        Precision = Precision,
        Dataset = DataFile is null ? Dataset : null,
        Sst2Source = DataFile is null && Dataset == Datasets.Sst2 ? Sst2SourceAsked ?? Data.Sst2Source.SentenceFiles : null,
    };

    /// <summary>The model: <see cref="Architecture"/> (or the released one) sized to the vocabulary, classes and max length, pooled as the mode says.</summary>
    public SafrTransformerConfig ModelConfig(long vocabularySize, long numClasses) => Mode.Configure(
        (Architecture ?? new SafrTransformerConfig(vocabularySize)) with
        {
            VocabSize = vocabularySize, NumClasses = numClasses, MaxSeqLength = EffectiveMaxLength,
        });

    /// <summary>The splits this run trains, stops and is tested on: a seeded <see cref="DataFraction"/> of each (seed 0, so every arm and seed sees the same sample).</summary>
    public DataSample Sample(TextDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new DataSample(
            DatasetSampling.Fraction(data.Train, DataFraction, seed: 0),
            DatasetSampling.Fraction(data.Dev, DataFraction, seed: 0),
            DatasetSampling.Fraction(data.Test, DataFraction, seed: 0));
    }

    /// <summary>The tokenizer <see cref="Tokenizer"/> names.</summary>
    public ITextTokenizer TextTokenizer() => TextTokenizers.Get(Tokenizer);

    /// <summary>libtorch's device; null for the CPU.</summary>
    public TorchSharp.torch.Device? TorchDevice() => Device == "cpu" ? null : new TorchSharp.torch.Device(Device);

    /// <summary>Throws an <see cref="InputException"/> naming the first field (by its CLI name) that cannot work.</summary>
    public RunSpec Validate()
    {
        static RunFieldException Bad(string field, string what) => new(field, what);
        if (DataFile is null && string.IsNullOrWhiteSpace(Dataset)) throw Bad("dataset", "must name a dataset");
        if (Sst2Source is not null && !Sst2Sources.Names.Contains(Sst2Source)) throw Bad("sst2-source", $"unknown SST-2 source \"{Sst2Source}\": expected one of {string.Join(", ", Sst2Sources.Names)}");
        if (Sst2Source is not null && (DataFile is not null || Dataset != Datasets.Sst2)) throw Bad("sst2-source", $"applies to --dataset sst2 only, not {DatasetName}");
        if (!(DataFraction > 0 && DataFraction <= 1)) throw Bad("data-fraction", $"must be in (0, 1], got {DataFraction.ToString(CultureInfo.InvariantCulture)}");
        if (!TextTokenizers.Names.Contains(Tokenizer)) throw Bad("tokenizer", $"unknown tokenizer \"{Tokenizer}\": expected one of {string.Join(", ", TextTokenizers.Names)}");
        if (MaxLength is < 1) throw Bad("max-length", $"must be at least 1, got {MaxLength}");
        if (!Enum.IsDefined(Mode)) throw Bad("mode", $"{(int)Mode} is not a run mode");
        if (!double.IsFinite(LambdaImportance) || LambdaImportance < 0) throw Bad("imp", $"must be a finite non-negative number, got {LambdaImportance.ToString(CultureInfo.InvariantCulture)}");
        if (!double.IsFinite(LambdaInteraction) || LambdaInteraction < 0) throw Bad("inter", $"must be a finite non-negative number, got {LambdaInteraction.ToString(CultureInfo.InvariantCulture)}");
        if (!double.IsFinite(VmaskBeta) || VmaskBeta < 0) throw Bad("vmask-beta", $"must be a finite non-negative number, got {VmaskBeta.ToString(CultureInfo.InvariantCulture)}");
        if (Epochs < 1) throw Bad("epochs", $"must be at least 1, got {Epochs}");
        if (Patience < 1) throw Bad("patience", $"must be at least 1, got {Patience}");
        if (BatchSize < 1) throw Bad("batch-size", $"must be at least 1, got {BatchSize}");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw Bad("learning-rate", $"must be positive, got {LearningRate.ToString(CultureInfo.InvariantCulture)}");
        if (Device != "cpu" && Device != "cuda" && !(Device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(Device.AsSpan(5), out var n) && n >= 0))
            throw Bad("device", $"expected cpu, cuda or cuda:N, got \"{Device}\"");
        if (FaithfulnessExamples < 0) throw Bad("faithfulness-examples", $"must be 0 or more, got {FaithfulnessExamples}");
        if (DataFile is null && (DevFile ?? TestFile) is not null) throw Bad(DevFile is null ? "test-data" : "dev-data", "applies with --data only (your own data file)");
        if (string.IsNullOrWhiteSpace(TextColumn)) throw Bad("text-column", "must name a column");
        if (string.IsNullOrWhiteSpace(LabelColumn)) throw Bad("label-column", "must name a column");
        return this;
    }

    /// <summary>Records this spec as the run's (its spec.json, atomically): what <see cref="ReadFrom"/> gives a resume.</summary>
    public void SaveTo(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Directory.CreateDirectory(run.Path);
        Serialization.AtomicFile.WriteAllBytes(run.SpecFile, JsonSerializer.SerializeToUtf8Bytes(this, Json));
    }

    /// <summary>The spec a run folder recorded when its run started, or null (a run from before specs were recorded).</summary>
    public static RunSpec? ReadFrom(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!File.Exists(run.SpecFile)) return null;
        try
        {
            return JsonSerializer.Deserialize<RunSpec>(File.ReadAllBytes(run.SpecFile), Json)
                ?? throw new Data.DataFormatException(run.SpecFile, 1, "the file holds null, not a run spec");
        }
        catch (JsonException e)
        {
            throw new Data.DataFormatException(run.SpecFile, (int)(e.LineNumber ?? 0) + 1, $"not a run spec: {e.Message}", e);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{DisplayName}: {DatasetName}{(DataFraction < 1 ? $" (a seeded {DataFraction:P0} of each split)" : "")}, {Mode.ToString().ToLowerInvariant()} mode, {Tokenizer} tokens, max length {EffectiveMaxLength}, lambda_imp {LambdaImportance:G}, lambda_inter {LambdaInteraction:G}{(VmaskBeta != 0 ? $", VMASK beta {VmaskBeta:G} annealed" : "")}, seed {Seed}, up to {Epochs} epochs (patience {Patience}), batch {BatchSize}, lr {LearningRate:G}{(PaperCompatible ? ", paper-compatible" : "")}, {Device}");
}
